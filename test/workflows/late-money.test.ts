// Paid after cancel: a cancelled checkout keeps listening until its provider session can
// no longer be paid; a verified payment then is recorded for ops (attention entry,
// NeedsAttention, order store), undone at the provider where it has a call for it.
import type { PaidAfterCancelEntry } from '../../workflows/contract';
import { merchantCancelOutcomeUpdate, providerEventSignal } from '../../workflows/contract';
import type { ProviderEvent, ProviderId } from '../../workflows/domain';
import type { CheckoutHandle, Harness, Started } from './support/harness';
import { createHarness, waitForState } from './support/harness';
import type { AffirmSandbox } from './support/sandboxes';
import {
  startAffirm,
  startEcomtrade24,
  startIwocaPay,
  startWeGetFinancing,
  startWipay,
} from './support/sandboxes';
import {
  expectNoOrder,
  expectOneOrder,
  sendMerchantCancel,
  waitFor,
  webhookCalls,
} from './support/expectations';
import { pollUntil } from '../helpers/poll-until';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWeGetFinancing, startIwocaPay, startAffirm, startWipay, startEcomtrade24]);
}, 120_000);
afterAll(() => h?.close());

function paidAfterCancel(state: { attention?: unknown[] }): PaidAfterCancelEntry[] {
  return (state.attention ?? []).filter(
    (entry): entry is PaidAfterCancelEntry => (entry as { kind?: string }).kind === 'paidAfterCancel',
  );
}

/** Cancels as the merchant does and waits for the decision (the workflow keeps running). */
async function cancelledByMerchant(provider: ProviderId, tq: string): Promise<Started> {
  const started = await h.start(provider, tq);
  await sendMerchantCancel(h, started.handle);
  await waitForState(started.handle, (s) => s.status === 'cancelled', 'the cancel');
  expect((await started.handle.describe()).status.name).toBe('RUNNING');
  return started;
}

async function lateEntryOf(handle: CheckoutHandle): Promise<PaidAfterCancelEntry> {
  const state = await waitForState(handle, (s) => paidAfterCancel(s).length > 0, 'the payment after cancel');
  expect(state.status).toBe('cancelled');
  expect(paidAfterCancel(state)).toHaveLength(1);
  const described = await handle.describe();
  expect(described.searchAttributes).toMatchObject({ NeedsAttention: [true], CheckoutStatus: ['cancelled'] });
  return paidAfterCancel(state)[0] as PaidAfterCancelEntry;
}

/** The workflow closes once the session can no longer be paid, and not before. */
async function expectClosesAt(handle: CheckoutHandle, openedAt: string, atMs: number): Promise<void> {
  const result = await handle.result();
  expect(result.status).toBe('cancelled');
  const closedAtMs = (await handle.describe()).closeTime?.getTime() ?? 0;
  expect(closedAtMs).toBeGreaterThanOrEqual(atMs);
  expect(closedAtMs).toBeLessThan(atMs + MINUTE);
  expect(Date.parse(openedAt)).toBeLessThan(atMs);
}

describe('paid after cancel, providers without a cancel call', () => {
  it('WeGetFinancing: an approval after a merchant cancel is recorded for a refund; closes at 14 days + 1 h', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await cancelledByMerchant('wegetfinancing', tq);
      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      const entry = await lateEntryOf(handle);
      expect(entry).toMatchObject({
        provider: 'wegetfinancing',
        amount: '1344.00',
        currency: 'USD',
        action: { kind: 'refundAtProvider', reference: session.providerReference },
      });
      expect(await h.store.listPaidAfterCancel(checkoutId)).toEqual([
        expect.objectContaining({
          eventId: entry.eventId,
          amount: '1344.00',
          action: { kind: 'refundAtProvider', reference: session.providerReference },
        }),
      ]);
      await expectNoOrder(h, checkoutId);
      const { openedAt } = await handle.query<{ openedAt: string }>('checkoutState');
      await expectClosesAt(handle, openedAt, Date.parse(openedAt) + 14 * DAY + HOUR);
    });
  });

  it('Ecomtrade24: a paid webhook after a merchant cancel is recorded; closes at the session expiry + 1 h', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await cancelledByMerchant('ecomtrade24', tq);
      await h.sandbox('ecomtrade24').act(session.providerReference, 'approve');
      const entry = await lateEntryOf(handle);
      expect(entry.action).toEqual({ kind: 'refundAtProvider', reference: session.providerReference });
      expect(await h.store.listPaidAfterCancel(checkoutId)).toHaveLength(1);
      await expectNoOrder(h, checkoutId);
      const { openedAt } = await handle.query<{ openedAt: string }>('checkoutState');
      await expectClosesAt(handle, openedAt, Date.parse(session.expiresAt ?? '') + HOUR);
    });
  });

  it('WiPay: a verified success after a merchant cancel is recorded; closes at 240 min + 1 h', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await cancelledByMerchant('wipay', tq);
      await h.sandbox('wipay').act(session.providerReference, 'approve', { followRedirect: true });
      const entry = await lateEntryOf(handle);
      expect(entry).toMatchObject({ provider: 'wipay', action: { kind: 'refundAtProvider' } });
      expect(await h.store.listPaidAfterCancel(checkoutId)).toHaveLength(1);
      await expectNoOrder(h, checkoutId);
      const { openedAt } = await handle.query<{ openedAt: string }>('checkoutState');
      await expectClosesAt(handle, openedAt, Date.parse(openedAt) + 240 * MINUTE + HOUR);
    });
  });

  it('after our TTL too: an approval after the expiry is recorded, the checkout stays cancelled', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq, {
        timing: { ttlMs: HOUR },
      });
      await h.sleep('2 hours');
      expect(await waitForState(handle, (s) => s.status === 'cancelled', 'the TTL')).toMatchObject({
        cancelReason: 'expired',
      });
      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      expect((await lateEntryOf(handle)).action.kind).toBe('refundAtProvider');
      await expectNoOrder(h, checkoutId);
    });
  });

  it('a payment for a checkout that closed cancelled is recorded from the closed-checkout path', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await cancelledByMerchant('wegetfinancing', tq);
      expect((await handle.result()).status).toBe('cancelled');
      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      await waitFor(() => webhookCalls(h, 'wegetfinancing').length > 0, 'the postback');
      const rows = await pollUntil(
        () => h.store.listPaidAfterCancel(checkoutId),
        (found) => found.length > 0,
        { what: 'the paid-after-cancel row', intervalMs: 100 },
      );
      expect(rows).toEqual([
        expect.objectContaining({
          provider: 'wegetfinancing',
          action: expect.objectContaining({ kind: 'refundAtProvider', reference: session.providerReference }),
        }),
      ]);
      await expectNoOrder(h, checkoutId);
    });
  });
});

describe('paid after cancel, compensated at the provider', () => {
  it('Affirm: a confirmation after a merchant cancel is authorized, then voided', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await cancelledByMerchant('affirm', tq);
      const affirm = h.sandbox('affirm') as AffirmSandbox;
      await affirm.act(session.providerReference, 'approve', { followRedirect: true });
      const entry = await lateEntryOf(handle);
      expect(entry.action.kind).toBe('voided');
      expect(affirm.requests).toContain(`POST /api/v1/transactions/${entry.action.reference}/void`);
      expect(await h.store.listPaidAfterCancel(checkoutId)).toEqual([
        expect.objectContaining({ action: { kind: 'voided', reference: entry.action.reference } }),
      ]);
      await expectNoOrder(h, checkoutId);
    });
  });

  it('iwocaPay: paid after a cancel that did not reach it: its cancel is tried, refused for a paid order, ops refund', async () => {
    await h.withWorker(async (tq) => {
      const iwoca = h.sandbox('iwocapay');
      await iwoca.control('faults', { operation: 'cancel', status: 400, times: 1 });
      const { checkoutId, handle, session } = await cancelledByMerchant('iwocapay', tq);
      const cancels = () => iwoca.requests.filter((r) => r.startsWith('DELETE ')).length;
      expect(cancels()).toBe(1);
      await iwoca.act(session.providerReference, 'start');
      await iwoca.act(session.providerReference, 'approve');
      const entry = await lateEntryOf(handle);
      expect(cancels()).toBe(2);
      expect(entry.action).toMatchObject({
        kind: 'refundAtProvider',
        reference: session.providerReference,
        detail: expect.stringContaining('terminal state'),
      });
      expect(await h.store.listPaidAfterCancel(checkoutId)).toHaveLength(1);
      await expectNoOrder(h, checkoutId);
    });
  });
});

describe('a merchant cancel that meets a payment in flight', () => {
  it('WeGetFinancing: approval and cancel signalled together never lose the money, and the outcome says which won', async () => {
    await h.withWorker(async (tq) => {
      const started = await Promise.all([1, 2, 3, 4, 5, 6].map(() => h.start('wegetfinancing', tq)));
      const outcomes = await Promise.all(
        started.map(async ({ handle, session }, i) => {
          const approved: ProviderEvent = {
            provider: 'wegetfinancing',
            providerReference: session.providerReference,
            kind: 'fulfil',
            rawStatus: 'approved',
            occurredAt: h.now().toISOString(),
            eventId: `wgf-${session.providerReference}-approved`,
            source: 'webhook',
          };
          const pay = () => handle.signal(providerEventSignal, approved);
          const cancel = () => sendMerchantCancel(h, handle);
          // Both orders of sending: half the payments go first, half the cancels.
          await Promise.all(i % 2 === 0 ? [pay(), cancel()] : [cancel(), pay()]);
          return handle.executeUpdate(merchantCancelOutcomeUpdate);
        }),
      );
      for (const [i, outcome] of outcomes.entries()) {
        const { checkoutId, handle } = started[i] as Started;
        if (outcome.status === 'completed') {
          await expectOneOrder(h, checkoutId);
        } else {
          // The cancel was carried out first: the payment is a payment after cancel, not lost.
          expect(outcome.status).toBe('cancelled');
          await lateEntryOf(handle);
          await expectNoOrder(h, checkoutId);
        }
      }
    });
  });

  it('Affirm: a confirmation queued behind the cancel is authorized first, and the checkout completes', async () => {
    const tq = await h.withWorker(
      async (queue) => {
        const started = await h.start('affirm', queue);
        return { queue, started };
      },
      { pausable: true, keepRunning: true },
    );
    const { checkoutId, handle, session } = tq.started;
    // No worker: the cancel and then the confirmation pile up, in that order.
    await sendMerchantCancel(h, handle);
    const before = webhookCalls(h, 'affirm').length;
    await h.sandbox('affirm').act(session.providerReference, 'approve', { followRedirect: false });
    await waitFor(
      () => webhookCalls(h, 'affirm').some((call, i) => i >= before && call.outcome === 'signalled'),
      'the confirmed webhook',
    );
    await h.withWorker(
      async () => {
        const result = await h.decisionOf(handle);
        expect(result.status).toBe('completed');
        expect(result.providerTransactionId).toBeDefined();
        await expectOneOrder(h, checkoutId, result.orderId);
      },
      { taskQueue: tq.queue, pausable: true },
    );
  });
});
