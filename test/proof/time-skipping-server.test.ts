import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../helpers/temporal-env';
import { sleepForDays } from './proof-workflows';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('time-skipping test server from the project toolchain', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow whose timer of days fires on the server clock, not the wall clock', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'proof-time-skipping',
      workflowsPath: require.resolve('./proof-workflows'),
    });
    const serverStart = await env.currentTimeMs();
    const wallStart = Date.now();

    const result = await worker.runUntil(
      env.client.workflow.execute(sleepForDays, {
        args: [3],
        workflowId: 'proof-sleep-3-days',
        taskQueue: 'proof-time-skipping',
      }),
    );

    const serverElapsed = (await env.currentTimeMs()) - serverStart;
    expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(3 * DAY_MS);
    expect(serverElapsed).toBeGreaterThanOrEqual(3 * DAY_MS);
    // The figure, not a timed assertion: a busy CI machine must not fail this test.
    console.log(`3-day timer: ${Date.now() - wallStart} ms of wall time`);
  });
});
