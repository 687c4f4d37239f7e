// Signals that change nothing (a poll hint to a checkout that cannot poll, hints coalesced
// into one) still count against Temporal's per-run signal limit. A waiting checkout must
// continue as new on them while it waits, and hints must not turn into a poll each.
import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { checkoutWorkflowId, pollNowSignal } from '../../workflows/contract';
import { HINT_POLL_SPACING_MS, SIGNALS_PER_RUN_LIMIT } from '../../workflows/checkout-run';
import type { CheckoutHandle, Harness } from './support/harness';
import { createHarness, stateOf, waitForState } from './support/harness';
import { historiesOf } from './support/history';
import { startIwocaPay, startWeGetFinancing } from './support/sandboxes';
import { WORKFLOWS_PATH } from './support/temporal';
import { expectOneOrder } from './support/expectations';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWeGetFinancing, startIwocaPay]);
}, 120_000);
afterAll(() => h?.close());

/** Every run of the checkout replays against the code that wrote it (the new waits included). */
async function expectReplays(workflowId: string): Promise<void> {
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: new DefaultLogger('WARN'),
  });
  const runs = await historiesOf(h.env.client, workflowId);
  const failures: string[] = [];
  const histories = runs.map((run) => ({ workflowId, history: run.history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) failures.push(`${result.error.name}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
}

/** The current run has handled every signal it was sent: a task completed after the last one. */
async function caughtUp(handle: CheckoutHandle): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = (await h.env.client.workflow.getHandle(handle.workflowId).fetchHistory()).events ?? [];
    const lastIndex = (has: (e: (typeof events)[number]) => unknown) =>
      events.reduce((found, e, i) => (has(e) ? i : found), -1);
    const signalled = lastIndex((e) => e.workflowExecutionSignaledEventAttributes);
    const handled = lastIndex(
      (e) => e.workflowTaskCompletedEventAttributes ?? e.workflowExecutionContinuedAsNewEventAttributes,
    );
    if (handled > signalled) return;
    if (Date.now() > deadline) throw new Error('the worker did not catch up with the signals');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A steady flood in small batches, as a throttled gateway would let through over time. */
async function signalHints(handle: CheckoutHandle, count: number, batch = 25): Promise<void> {
  for (let sent = 0; sent < count; sent += batch) {
    const size = Math.min(batch, count - sent);
    await Promise.all(Array.from({ length: size }, () => handle.signal(pollNowSignal)));
    await caughtUp(handle);
  }
}

describe('signals that change nothing', () => {
  it('a waiting checkout flooded with hints continues as new while waiting, then completes', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      const floods = SIGNALS_PER_RUN_LIMIT + 100;
      await signalHints(handle, floods);
      // Nothing else happens: no event, no deadline near (7-day TTL). Only the flood can
      // make the run move on, and it must, before Temporal's per-run signal limit.
      const waiting = await waitForState(handle, (s) => s.run > 1, 'a continue-as-new while waiting');
      expect(waiting).toMatchObject({ status: 'awaitingCustomer', polls: 0, events: { received: 0 } });

      const runs = await historiesOf(h.env.client, checkoutWorkflowId(checkoutId));
      const signalled = runs.map(
        (run) => run.history.events?.filter((e) => e.workflowExecutionSignaledEventAttributes).length ?? 0,
      );
      expect(signalled.reduce((sum, n) => sum + n, 0)).toBe(floods);
      // A run may take one more batch while its continue-as-new is being committed.
      for (const count of signalled) expect(count).toBeLessThanOrEqual(SIGNALS_PER_RUN_LIMIT + 50);

      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({ status: 'completed', events: { received: 1 } });
      expect(result.run).toBeGreaterThan(1);
      await expectOneOrder(h, checkoutId, result.orderId);
      await expectReplays(checkoutWorkflowId(checkoutId));
    });
  }, 90_000);

  it('hints close together make one status read now and one when the spacing has passed', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      for (let i = 0; i < 20; i += 1) {
        await handle.signal(pollNowSignal);
        await waitForState(handle, (s) => s.polls >= 1, 'the first hinted poll');
      }
      expect((await stateOf(handle)).polls).toBe(1);
      // The scheduled first poll is 60 s after opening; the spaced hint's read comes before it.
      await h.sleep(HINT_POLL_SPACING_MS + 2_000);
      const after = await waitForState(handle, (s) => s.polls >= 2, 'the spaced hinted poll');
      expect(after).toMatchObject({ polls: 2, status: 'awaitingCustomer' });
      await h.sandbox('iwocapay').act(session.providerReference, 'approve');
      expect(await h.decisionOf(handle)).toMatchObject({ status: 'completed' });
      await expectReplays(checkoutWorkflowId(checkoutId));
    });
  }, 60_000);
});
