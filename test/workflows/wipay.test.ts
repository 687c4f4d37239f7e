// WiPay: the browser redirect is the only signal. Session expiry 3 min (5 with AVS);
// at expiry + 30 s the checkout is timedOut, a verified success within 240 min still
// completes it, and at 240 min it is cancelled for good. A failed redirect carries no
// hash, so it applies nothing: the same rules decide.
import { providerEventSignal } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { createHarness, stateOf, waitForState } from './support/harness';
import { startWipay } from './support/sandboxes';
import {
  elapsedMs,
  expectCancelChangesNothing,
  expectCancelled,
  expectNoOrder,
  expectOneOrder,
  lateRecordFor,
  sendMerchantCancel,
} from './support/expectations';
import { decideWithDeliveriesInFlight } from './support/scenarios';

const MINUTE = 60_000;
let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWipay]);
}, 120_000);
afterAll(() => h?.close());

const wipay = () => h.sandbox('wipay');

describe('WiPay checkout', () => {
  it('completes on a verified success redirect before expiry', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wipay', tq);
      await wipay().act(session.providerReference, 'approve', { followRedirect: true });
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({ status: 'completed', events: { lastSeen: { source: 'redirect' } } });
      expect(elapsedMs(result)).toBeLessThan(3 * MINUTE);
      await expectOneOrder(h, checkoutId, result.orderId);
      await expectCancelChangesNothing(h, handle, checkoutId);
    });
  });

  it.each(['decline', 'error'])(
    '%s: the redirect without a hash applies nothing; timedOut at expiry + 30 s, cancelled at 240 min',
    async (action) => {
      await h.withWorker(async (tq) => {
        const { checkoutId, handle, session } = await h.start('wipay', tq);
        await wipay().act(session.providerReference, action, { followRedirect: true });
        expect(h.receiver.calls.at(-1)).toMatchObject({
          provider: 'wipay',
          status: 200,
          outcome: 'nothingApplied',
        });
        const waiting = await stateOf(handle);
        expect(waiting).toMatchObject({ status: 'awaitingCustomer', events: { received: 0 } });
        await h.sleep(3 * MINUTE + 35_000);
        expect((await stateOf(handle)).status).toBe('timedOut');
        const result = await handle.result();
        expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
        await expectNoOrder(h, checkoutId);
      });
    },
  );

  it('is timedOut past expiry + 30 s, and a late verified success still completes it', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wipay', tq);
      // The customer paid in time, but the browser's return is held (a stale tab).
      await wipay().act(session.providerReference, 'approve', {
        followRedirect: true,
        delivery: { hold: true },
      });
      await h.sleep(3 * MINUTE + 20_000);
      expect((await stateOf(handle)).status).toBe('awaitingCustomer');
      await h.sleep(15_000);
      const timedOut = await stateOf(handle);
      expect(timedOut.status).toBe('timedOut');
      expect(await h.store.countOrders(checkoutId)).toBe(0);
      await h.sleep(30 * MINUTE);
      await wipay().control('redirects/release');
      const result = await h.decisionOf(handle);
      expect(result.status).toBe('completed');
      expect(elapsedMs(result)).toBeGreaterThan(30 * MINUTE);
      expect(elapsedMs(result)).toBeLessThan(240 * MINUTE);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  it('waits 5 minutes (+30 s) with AVS before timing out', async () => {
    await h.withWorker(async (tq) => {
      const { handle } = await h.start('wipay', tq, { avs: true });
      await h.sleep(5 * MINUTE + 20_000);
      expect((await stateOf(handle)).status).toBe('awaitingCustomer');
      await h.sleep(15_000);
      expect((await stateOf(handle)).status).toBe('timedOut');
      await sendMerchantCancel(h, handle);
      expect(await h.decisionOf(handle)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'merchantCancelled',
      });
    });
  });

  it('cancels for good at 240 minutes when no result ever comes', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wipay', tq);
      await wipay().act(session.providerReference, 'abandon');
      await h.sleep(4 * MINUTE);
      expect((await stateOf(handle)).status).toBe('timedOut');
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      expect(elapsedMs(result)).toBeGreaterThanOrEqual(240 * MINUTE);
      expect(elapsedMs(result)).toBeLessThan(240 * MINUTE + 5_000);
      await expectNoOrder(h, checkoutId);
    });
  });

  it('completes once on refreshed redirects; a replay after the decision is only recorded', async () => {
    await decideWithDeliveriesInFlight(
      h,
      'wipay',
      { count: 3, what: 'three redirects' },
      async ({ session }) => {
        await wipay().act(session.providerReference, 'approve', {
          followRedirect: true,
          delivery: { copies: 3 },
        });
      },
      async ({ checkoutId, session }, result) => {
        expect(result).toMatchObject({ status: 'completed', events: { received: 3, duplicates: 2 } });
        // A stale tab replays the same redirect after the workflow closed.
        const { resultUrl } = (await wipay().read(`sessions/${session.providerReference}`)) as {
          resultUrl: string;
        };
        expect((await fetch(resultUrl)).status).toBe(200);
        const record = await lateRecordFor(h, session.providerReference, 'success');
        expect(record).toMatchObject({ reason: 'closedCheckout', kind: 'fulfil' });
        await expectOneOrder(h, checkoutId, result.orderId);
      },
    );
  });

  it('never applies a result naming another transaction (order_id is not covered by the hash)', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle } = await h.start('wipay', tq);
      await handle.signal(providerEventSignal, {
        provider: 'wipay',
        checkoutReference: checkoutId,
        providerReference: 'SB-99-1-someone-else',
        kind: 'fulfil',
        rawStatus: 'success',
        occurredAt: h.now().toISOString(),
        eventId: 'wipay-SB-99-1-someone-else-success',
        source: 'redirect',
      });
      const state = await waitForState(handle, (s) => s.events.foreign === 1, 'the foreign result');
      expect(state.status).toBe('awaitingCustomer');
      await sendMerchantCancel(h, handle);
      await expectCancelled(h, { checkoutId, handle }, 'merchantCancelled');
    });
  });
});
