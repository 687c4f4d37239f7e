import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDevServerEnv } from '../helpers/temporal-env';
import { tagWithOrder } from './proof-workflows';

describe('Temporal CLI dev server from the project toolchain', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createDevServerEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('stores a custom search attribute and finds the workflow with a visibility query', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'proof-dev-server',
      workflowsPath: require.resolve('./proof-workflows'),
    });
    const orderId = `proof-${Date.now()}`;
    await worker.runUntil(
      env.client.workflow.execute(tagWithOrder, {
        args: [orderId],
        workflowId: `proof-tag-${orderId}`,
        taskQueue: 'proof-dev-server',
      }),
    );

    // Visibility is eventually consistent: look until it shows up (bounded).
    let found: string[] = [];
    for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
      found = [];
      for await (const execution of env.client.workflow.list({ query: `MerchantOrderId = "${orderId}"` })) {
        found.push(execution.workflowId);
      }
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found).toEqual([`proof-tag-${orderId}`]);
  });
});
