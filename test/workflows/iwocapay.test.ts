// iwocaPay: signed webhooks, a status API we poll (60 s, doubling to 15 min), a DELETE
// to cancel an open order, 72-hour TTL.
import type { Harness } from './support/harness';
import { createHarness, stateOf, waitForState } from './support/harness';
import { startIwocaPay } from './support/sandboxes';
import { expectPolledByOneWatch, pendingWatch, waitForWatchReads } from './support/watch';
import { historiesOf } from './support/history';
import { checkoutWorkflowId, pollNowSignal } from '../../workflows/contract';
import {
  elapsedMs,
  expectCancelChangesNothing,
  expectCancelled,
  expectNoOrder,
  expectOneOrder,
  sendMerchantCancel,
  webhookCalls,
} from './support/expectations';
import {
  decideWithDeliveriesInFlight,
  expectLostWebhookFoundByFirstPoll,
  expectPaidBeforeCancelCompletes,
} from './support/scenarios';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startIwocaPay]);
}, 120_000);
afterAll(() => h?.close());

const iwoca = () => h.sandbox('iwocapay');
const orderAtProvider = async (reference: string) =>
  (await iwoca().read(`sessions/${reference}`)) as { state: string; cancelledVia?: string };

describe('iwocaPay checkout', () => {
  it('completes on a signed SUCCESSFUL webhook, exactly one order', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'start');
      await iwoca().act(session.providerReference, 'approve');
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({ status: 'completed', events: { lastSeen: { source: 'webhook' } } });
      await expectOneOrder(h, checkoutId, result.orderId);
      await expectCancelChangesNothing(h, handle, checkoutId);
    });
  });

  it('cancels on UNSUCCESSFUL, no order', async () => {
    await h.withWorker(async (tq) => {
      const started = await h.start('iwocapay', tq);
      await iwoca().act(started.session.providerReference, 'decline');
      await expectCancelled(h, started, 'declined');
    });
  });

  it('cancels an abandoned order at the TTL, also at the provider', async () => {
    await h.withWorker(async (tq) => {
      const ttlMs = 30 * 60_000;
      const { checkoutId, handle, session } = await h.start('iwocapay', tq, { timing: { ttlMs } });
      await iwoca().act(session.providerReference, 'abandon');
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      expect(elapsedMs(result)).toBeGreaterThanOrEqual(ttlMs);
      expect(elapsedMs(result)).toBeLessThan(ttlMs + 5_000);
      // Polls at 1, 3, 7, 15 and 30 minutes: the last one coincides with the TTL, which wins.
      expect(result.polls).toBe(4);
      expect(await orderAtProvider(session.providerReference)).toMatchObject({
        state: 'UNSUCCESSFUL',
        cancelledVia: 'current',
      });
      await expectNoOrder(h, checkoutId);
    });
  });

  it('survives duplicated and reordered webhooks: SUCCESSFUL wins once, PENDING after it changes nothing', async () => {
    await decideWithDeliveriesInFlight(
      h,
      'iwocapay',
      // The copy and the older PENDING arrive while the decision runs.
      { count: 3, what: 'three deliveries' },
      async ({ session }, arrived) => {
        await iwoca().control('deliveries/next', { hold: true });
        await iwoca().act(session.providerReference, 'start');
        await iwoca().control('deliveries/next', { copies: 2 });
        await iwoca().act(session.providerReference, 'approve');
        // The copies go out together; the held PENDING is only released after both landed.
        await arrived(2);
        await iwoca().control('deliveries/release');
      },
      async ({ checkoutId }, result) => {
        expect(result).toMatchObject({
          status: 'completed',
          events: { received: 3, duplicates: 1, afterDecision: 1, lastSeen: { rawStatus: 'PENDING' } },
        });
        await expectOneOrder(h, checkoutId, result.orderId);
      },
    );
  });

  it('recovers a lost webhook by polling', async () => {
    await h.withWorker((tq) => expectLostWebhookFoundByFirstPoll(h, 'iwocapay', tq));
  });

  it('polls at once on an unverifiable webhook, without resetting the poll schedule', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'start', { shape: 'legacy' });
      await waitForState(handle, (s) => s.polls === 1, 'the hinted poll');
      await h.sleep(61_000);
      // The scheduled read is the watch's (its activity's second attempt): counted when it ends.
      await waitForWatchReads(handle, 1);
      await iwoca().act(session.providerReference, 'approve', { delivery: { badSignature: true } });
      // Time stays locked while we wait, so the decision can only come from the hinted poll.
      await waitForState(handle, (s) => s.status === 'completed', 'the decision from the hinted poll');
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({
        status: 'completed',
        polls: 3,
        events: { lastSeen: { source: 'poll' } },
      });
      // The next scheduled poll is due at 60 s + 120 s: deciding before it proves the hinted
      // poll decided. (Server time also advances with real time while it is locked, so a
      // bound near 61 s would only measure how busy the machine is.)
      expect(elapsedMs(result)).toBeLessThan(180_000);
      expect(webhookCalls(h, 'iwocapay').some((call) => call.status === 401)).toBe(true);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  // Each read of the watch is one activity attempt, which tries a transient failure again
  // (1 s, then 2 s later) before it counts as a missed read; the next read is on the schedule.
  it.each([
    // Found by the read at 1 min, before the next one is due at 3 min.
    ['two 503s are tried again within the first read, which finds the payment', 2, 1, 0, 3 * 60_000],
    // Three reads of three tries fail (1, 3, 7 min); the read at 15 min finds the payment.
    ['nine 503s are three missed reads; the read at 15 min finds the payment', 9, 4, 15 * 60_000, Infinity],
  ])('%s', async (_name, failures, polls, atLeastMs, underMs) => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().control('faults', { operation: 'status', status: 503, times: failures });
      await iwoca().act(session.providerReference, 'approve', { delivery: { drop: true } });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed', polls, pollFailures: 0 });
      expect(elapsedMs(result)).toBeGreaterThanOrEqual(atLeastMs);
      expect(elapsedMs(result)).toBeLessThan(underMs);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  it('a refused read ends the watch: counted, and the next watch reads at the longest interval', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().control('faults', { operation: 'status', status: 400, times: 1 });
      await iwoca().act(session.providerReference, 'approve', { delivery: { drop: true } });
      await h.sleep(61_000);
      await waitForState(
        handle,
        (s) => s.pollFailures === 1 && (s.detail ?? '').includes('status poll failed'),
        'the refused read, counted',
      );
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed', polls: 2, pollFailures: 1 });
      // Refused at 1 min, read again 15 min later (not at 3 min).
      expect(elapsedMs(result)).toBeGreaterThanOrEqual(16 * 60_000);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  it('cancels at the provider on a merchant cancel before a decision: the order is no longer payable', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'start');
      await waitForState(handle, (s) => s.events.received === 1, 'the PENDING webhook');
      await sendMerchantCancel(h, handle);
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'merchantCancelled' });
      // Closed by the DELETE itself, not found out by a status read after a refused one.
      expect(result.detail ?? '').not.toContain('provider did not cancel');
      expect(await orderAtProvider(session.providerReference)).toMatchObject({
        state: 'UNSUCCESSFUL',
        cancelledVia: 'current',
      });
      await expect(iwoca().act(session.providerReference, 'approve')).rejects.toThrow('409');
      await expectNoOrder(h, checkoutId);
    });
  });

  it.each(['wrong', 'missing'])(
    'does not apply a poll answer whose signature is %s; the next signed poll decides',
    async (mode) => {
      await h.withWorker(async (tq) => {
        const { checkoutId, handle, session } = await h.start('iwocapay', tq);
        await iwoca().control('signing', { mode });
        await iwoca().act(session.providerReference, 'approve', { delivery: { drop: true } });
        const result = await handle.result();
        // The 60 s poll read SUCCESSFUL unverifiable and was only counted; the 180 s one decided.
        expect(result).toMatchObject({
          status: 'completed',
          polls: 2,
          pollFailures: 1,
          events: { received: 1, lastSeen: { source: 'poll' } },
        });
        expect(elapsedMs(result)).toBeGreaterThanOrEqual(180_000);
        await expectOneOrder(h, checkoutId, result.orderId);
      });
    },
  );

  it('a create retried after its answer was lost reuses the order iwocaPay already has', async () => {
    let creates = 0;
    let first: string | undefined;
    await h.withWorker(
      async (tq) => {
        const { checkoutId, handle, session } = await h.start('iwocapay', tq);
        expect([creates, session.providerReference]).toEqual([2, first]);
        await iwoca().act(session.providerReference, 'approve');
        const result = await h.decisionOf(handle);
        expect(result.status).toBe('completed');
        await expectOneOrder(h, checkoutId, result.orderId);
      },
      {
        // The first attempt creates the order, then its completion is lost: Temporal retries it.
        wrap: (real) => ({
          ...real,
          createProviderSession: async (input) => {
            const created = await real.createProviderSession(input);
            creates += 1;
            if (creates > 1) return created;
            first = created.providerReference;
            throw new Error('activity completion lost');
          },
        }),
      },
    );
  });

  it('completes instead when the provider refuses the cancel because the customer paid first', async () => {
    await h.withWorker(async (tq) => {
      // The DELETE is refused; the order completes and the workflow agrees.
      const { handle } = await expectPaidBeforeCancelCompletes(h, 'iwocapay', tq);
      expect((await stateOf(handle)).status).toBe('completed');
    });
  });
});

// Lean runs read the status by a watch activity's retries (workflows/watch.ts).
describe('iwocaPay status watch', () => {
  const statusReads = (reference: string) =>
    iwoca().requests.filter((request) => request.startsWith('GET') && request.includes(reference)).length;

  it('a paid status found by the watch completes the order once: one watch, no poll timer', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId } = await expectLostWebhookFoundByFirstPoll(h, 'iwocapay', tq);
      const workflowId = checkoutWorkflowId(checkoutId);
      await expectPolledByOneWatch(h.env.client, workflowId);
      const [run] = await historiesOf(h.env.client, workflowId);
      // The TTL's timer only.
      expect((run?.history.events ?? []).filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    });
  });

  it('a merchant cancel ends the watch: no status read after the decision', async () => {
    await h.withWorker(async (tq) => {
      const { handle, session } = await h.start('iwocapay', tq);
      await h.sleep(61_000);
      await waitForWatchReads(handle, 1);
      await sendMerchantCancel(h, handle);
      await waitForState(handle, (s) => s.status === 'cancelled', 'the cancel');
      const readsAtDecision = statusReads(session.providerReference);
      expect(await pendingWatch(handle)).toBeUndefined();
      // The cancelled checkout listens on for late payments; its watch would have read on.
      await h.sleep('2 hours');
      expect(statusReads(session.providerReference)).toBe(readsAtDecision);
      expect((await stateOf(handle)).polls).toBe(1);
    });
  });

  it('a hint while the watch runs reads at once and is spaced; the watch runs on untouched', async () => {
    await h.withWorker(async (tq) => {
      const { handle, session } = await h.start('iwocapay', tq);
      await h.sleep(61_000);
      const watch = await waitForWatchReads(handle, 1);
      await handle.signal(pollNowSignal);
      await waitForState(handle, (s) => s.polls === 1, 'the hinted read, at once');
      await handle.signal(pollNowSignal);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Inside the spacing (time is locked): the second hint waits.
      expect((await stateOf(handle)).polls).toBe(1);
      expect(await pendingWatch(handle)).toMatchObject({ attempt: watch.attempt });
      await iwoca().act(session.providerReference, 'approve', { delivery: { drop: true } });
      await h.sleep(31_000);
      // The spaced hint's read finds the payment before the watch's next read (at 3 min).
      const result = await waitForState(handle, (s) => s.status === 'completed', 'the spaced hint read');
      expect(elapsedMs(result)).toBeLessThan(3 * 60_000);
    });
  });
});
