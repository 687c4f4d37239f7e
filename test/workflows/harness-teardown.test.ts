// The workflow harness ends a test with its workflows settled: a test whose body is over
// while one of its checkouts still has an activity in flight must neither leave that
// activity stranded on a stopped worker nor stop the time-skipping server's skipping for the
// tests after it (support/settle.ts says why either happens on the Java test server).
import { checkoutWorkflowId } from '../../workflows/contract';
import type { Duration } from '@temporalio/common';
import type { Activities } from '../../activities';
import type { Harness } from './support/harness';
import { createHarness, waitForState } from './support/harness';
import { startWeGetFinancing } from './support/sandboxes';
import { inFlight } from './support/settle';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWeGetFinancing]);
}, 120_000);
afterAll(() => h?.close());

/** The session opens, then the claim of early events (the next activity) takes a while. */
const slowClaim = (real: Activities): Activities => ({
  ...real,
  claimRecordedEvents: async (input) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return real.claimRecordedEvents(input);
  },
});

/** Sleeps server time, or answers 'stalled' when the server does not skip within 10 s. */
async function sleepOrStall(duration: Duration): Promise<'slept' | 'stalled'> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), 10_000);
  });
  try {
    return await Promise.race([h.sleep(duration).then(() => 'slept' as const), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

it('a test that ends with an activity in flight leaves time skipping working for the next', async () => {
  // The body ends as soon as the session is open, while the claim is still running.
  await h.withWorker(async (tq) => h.start('wegetfinancing', tq), { wrap: slowClaim });

  await h.withWorker(async (tq) => {
    const { handle } = await h.start('wegetfinancing', tq, { timing: { ttlMs: 60 * 60 * 1000 } });
    await waitForState(handle, (s) => s.status === 'awaitingCustomer', 'the open session');
    expect(await sleepOrStall('2 hours')).toBe('slept');
    const state = await waitForState(handle, (s) => s.status === 'cancelled', 'the TTL');
    expect(state.cancelReason).toBe('expired');
  });
}, 60_000);

it("a worker stopped with the test's checkouts kept running leaves nothing in flight", async () => {
  const { queue, checkoutId } = await h.withWorker(
    async (tq) => ({ queue: tq, checkoutId: (await h.start('wegetfinancing', tq)).checkoutId }),
    { wrap: slowClaim, pausable: true, keepRunning: true },
  );
  expect(await inFlight(h.env.client, checkoutWorkflowId(checkoutId))).toBeUndefined();
  // A later worker on the same queue ends it.
  await h.withWorker(async () => undefined, { taskQueue: queue, pausable: true });
  expect((await h.env.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).describe()).status.name).toBe(
    'TERMINATED',
  );
}, 60_000);
