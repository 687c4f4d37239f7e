// iwocaPay: signed webhooks, a status API we poll (60 s, doubling to 15 min), a DELETE
// to cancel an open order, 72-hour TTL.
import { merchantCancelSignal } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { createHarness, stateOf, waitForState } from './support/harness';
import { startIwocaPay } from './support/sandboxes';
import {
  createGate,
  expectCancelChangesNothing,
  expectNoOrder,
  expectOneOrder,
  holdingCompletion,
  waitFor,
  webhookCalls,
} from './support/expectations';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startIwocaPay]);
}, 120_000);
afterAll(() => h?.close());

const iwoca = () => h.sandbox('iwocapay');
const elapsedMs = (state: { openedAt: string; decidedAt?: string }) =>
  Date.parse(state.decidedAt ?? '') - Date.parse(state.openedAt);
const orderStateAtProvider = async (reference: string) =>
  ((await iwoca().read(`sessions/${reference}`)) as { state: string }).state;

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
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'decline');
      expect(await h.decisionOf(handle)).toMatchObject({ status: 'cancelled', cancelReason: 'declined' });
      await expectNoOrder(h, checkoutId);
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
      expect(await orderStateAtProvider(session.providerReference)).toBe('UNSUCCESSFUL');
      await expectNoOrder(h, checkoutId);
    });
  });

  it('survives duplicated and reordered webhooks: SUCCESSFUL wins once, PENDING after it changes nothing', async () => {
    const gate = createGate();
    await h.withWorker(
      async (tq) => {
        const { checkoutId, handle, session } = await h.start('iwocapay', tq);
        const before = webhookCalls(h, 'iwocapay').length;
        await iwoca().control('deliveries/next', { hold: true });
        await iwoca().act(session.providerReference, 'start');
        await iwoca().control('deliveries/next', { copies: 2 });
        await iwoca().act(session.providerReference, 'approve');
        await iwoca().control('deliveries/release');
        // completeOrder is held: the copy and the older PENDING arrive while the decision runs.
        await waitFor(() => webhookCalls(h, 'iwocapay').length - before >= 3, 'three deliveries');
        gate.open();
        const result = await h.decisionOf(handle);
        expect(result).toMatchObject({
          status: 'completed',
          events: { received: 3, duplicates: 1, afterDecision: 1, lastSeen: { rawStatus: 'PENDING' } },
        });
        await expectOneOrder(h, checkoutId, result.orderId);
      },
      { wrap: holdingCompletion(gate) },
    );
  });

  it('recovers a lost webhook by polling', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'approve', { delivery: { drop: true } });
      const result = await handle.result();
      expect(result).toMatchObject({
        status: 'completed',
        polls: 1,
        events: { lastSeen: { source: 'poll' } },
      });
      expect(elapsedMs(result)).toBeGreaterThanOrEqual(60_000);
      expect(elapsedMs(result)).toBeLessThan(65_000);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  it('polls at once on an unverifiable webhook, without resetting the poll schedule', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'start', { shape: 'legacy' });
      await waitForState(handle, (s) => s.polls === 1, 'the hinted poll');
      await h.sleep(61_000);
      await waitForState(handle, (s) => s.polls === 2, 'the first scheduled poll, still at 60 s');
      await iwoca().act(session.providerReference, 'approve', { delivery: { badSignature: true } });
      // Time stays locked while we wait, so the decision can only come from the hinted poll.
      await waitForState(handle, (s) => s.status === 'completed', 'the decision from the hinted poll');
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({
        status: 'completed',
        polls: 3,
        events: { lastSeen: { source: 'poll' } },
      });
      expect(elapsedMs(result)).toBeLessThan(62_000);
      expect(webhookCalls(h, 'iwocapay').some((call) => call.status === 401)).toBe(true);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  it('counts a failing poll and recovers at the next poll time', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().control('faults', { operation: 'status', status: 503, times: 3 });
      await iwoca().act(session.providerReference, 'approve', { delivery: { drop: true } });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed', polls: 2, pollFailures: 1 });
      expect(elapsedMs(result)).toBeGreaterThanOrEqual(180_000);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  it('cancels at the provider on a merchant cancel before a decision', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'start');
      await waitForState(handle, (s) => s.events.received === 1, 'the PENDING webhook');
      await handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() });
      expect(await h.decisionOf(handle)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'merchantCancelled',
      });
      expect(await orderStateAtProvider(session.providerReference)).toBe('UNSUCCESSFUL');
      await expectNoOrder(h, checkoutId);
    });
  });

  it('completes instead when the provider refuses the cancel because the customer paid first', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'approve', { delivery: { drop: true } });
      await handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() });
      const result = await h.decisionOf(handle);
      expect(result.status).toBe('completed');
      expect(result.detail).toMatch(/already paid/);
      await expectOneOrder(h, checkoutId, result.orderId);
      expect((await stateOf(handle)).status).toBe('completed');
    });
  });
});
