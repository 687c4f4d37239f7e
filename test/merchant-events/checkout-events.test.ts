// Signed merchant events of the checkout workflow, on the time-skipping server with the
// iwocaPay simulator: every delivery is verified by a real receiver with the
// `standardwebhooks` package; a merchant down for over an hour loses nothing; three days
// of failure fail the event, flag its delivery and tell the merchant once it is back; a
// publish that is retried is still one event.
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../activities';
import type { CheckoutState } from '../../workflows/contract';
import { providerEventSignal } from '../../workflows/contract';
import { merchantEventWorkflowId } from '../../workflows/merchant-events/contract';
import type { Harness } from '../workflows/support/harness';
import { createHarness, waitForState } from '../workflows/support/harness';
import { iwocaPaySuccessful } from '../workflows/support/iwocapay-events';
import { startIwocaPay, startWipay } from '../workflows/support/sandboxes';
import type { Merchant } from './support/merchant';
import { MERCHANT_SECRET, deliveryOutcome, eventIdOf, startMerchant } from './support/merchant';

jest.setTimeout(120_000);

let h: Harness;
let merchant: Merchant;

beforeAll(async () => {
  merchant = await startMerchant();
  h = await createHarness([startIwocaPay, startWipay], {
    merchantWebhook: { url: merchant.url, secret: MERCHANT_SECRET },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await merchant?.close();
});

beforeEach(() => {
  merchant.receiver.answer = () => 200;
});

const iwoca = () => h.sandbox('iwocapay');
const HOUR_MS = 60 * 60_000;
const MINUTE_MS = 60_000;

describe('checkout events', () => {
  it('a completed checkout arrives signed and once by id after the merchant was down (503) for over an hour', async () => {
    let refused = 0;
    merchant.receiver.answer = () => (refused++ < 10 ? 503 : 200);
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      await iwoca().act(session.providerReference, 'approve');
      const decided = await h.decisionOf(handle);
      expect(decided.status).toBe('completed');

      const eventId = eventIdOf(checkoutId, 'checkout.completed', 'completed');
      const outcome = await deliveryOutcome(h.env.client, eventId);
      expect(outcome).toMatchObject({ eventId, status: 'delivered', attempts: 11 });
      // 5 s doubling: the eleventh attempt comes 85 minutes after the first.
      expect(Date.parse(outcome.endedAt) - Date.parse(outcome.startedAt)).toBeGreaterThan(HOUR_MS);

      // Every attempt was verified by the receiver and carried the same id and body.
      const deliveries = merchant.deliveriesOf(eventId);
      expect(deliveries.map((d) => [d.verified, d.status])).toEqual([
        ...Array.from({ length: 10 }, () => [true, 503]),
        [true, 200],
      ]);
      const received = merchant.receiver.events().filter((e) => e.data.checkoutId === checkoutId);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        id: eventId,
        type: 'checkout.completed',
        data: { checkoutId, status: 'completed', orderId: decided.merchantOrderId, sequence: 1 },
      });
      expect(new Set(deliveries.map((d) => JSON.stringify(d.event))).size).toBe(1);

      const stored = await h.store.getMerchantEvent(eventId);
      expect(stored).toMatchObject({ status: 'delivered', attemptCount: 11, seq: 1 });
      const attempts = stored?.attempts ?? [];
      expect(attempts.map((a) => a.statusCode)).toEqual([...Array(10).fill(503), 200]);
      expect(attempts.slice(0, 10).every((a) => a.errorClass === 'httpStatus')).toBe(true);
    });
  });

  it('three days of failure: the event is failed, its delivery flagged, and checkout.needsAttention says so', async () => {
    let cancelledId = '';
    merchant.receiver.answer = (delivery) => (delivery.webhookId === cancelledId ? 503 : 200);
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      cancelledId = eventIdOf(checkoutId, 'checkout.cancelled', 'cancelled');
      await iwoca().act(session.providerReference, 'decline');
      expect((await h.decisionOf(handle)).cancelReason).toBe('declined');

      const outcome = await deliveryOutcome(h.env.client, cancelledId);
      expect(outcome.status).toBe('failed');
      const failed = await h.store.getMerchantEvent(cancelledId);
      expect(failed).toMatchObject({ status: 'failed', deliveredAt: null, attemptCount: outcome.attempts });
      expect(failed?.attempts.every((a) => a.statusCode === 503)).toBe(true);
      const triedForMs = Date.parse(outcome.endedAt) - Date.parse(outcome.startedAt);
      expect(triedForMs).toBeGreaterThan(71 * HOUR_MS);
      expect(triedForMs).toBeLessThanOrEqual(72 * HOUR_MS);
      const described = await h.env.client.workflow
        .getHandle(merchantEventWorkflowId(cancelledId))
        .describe();
      expect(described.searchAttributes.NeedsAttention).toEqual([true]);

      const noticeId = eventIdOf(checkoutId, 'checkout.needsAttention', `deliveryExhausted:${cancelledId}`);
      expect(await deliveryOutcome(h.env.client, noticeId)).toMatchObject({
        status: 'delivered',
        attempts: 1,
      });
      const [notice] = merchant.deliveriesOf(noticeId);
      expect(notice?.verified).toBe(true);
      expect(notice?.event).toMatchObject({
        type: 'checkout.needsAttention',
        data: {
          checkoutId,
          status: 'cancelled',
          reason: 'declined',
          sequence: 2,
          attentionCause: {
            kind: 'deliveryExhausted',
            eventId: cancelledId,
            eventType: 'checkout.cancelled',
          },
        },
      });
    });
  });

  it('a held checkout (amount mismatch) tells the merchant checkout.needsAttention with the entry', async () => {
    await h.withWorker(async (tq) => {
      const started = await h.start('iwocapay', tq);
      const { checkoutId, handle } = started;
      await handle.signal(providerEventSignal, iwocaPaySuccessful(h, started, { amount: '1.00' }));
      await waitForState(handle, (state: CheckoutState) => state.status === 'held', 'the hold');
      const eventId = eventIdOf(checkoutId, 'checkout.needsAttention', 'attention-0');
      expect(await deliveryOutcome(h.env.client, eventId)).toMatchObject({ status: 'delivered' });
      expect(merchant.deliveriesOf(eventId)[0]?.event).toMatchObject({
        type: 'checkout.needsAttention',
        data: {
          status: 'held',
          needsAttention: true,
          sequence: 1,
          attentionCause: { kind: 'amountMismatch', reported: { amount: '1.00' } },
        },
      });
    });
  });

  it('a publish retried after it wrote the event and started its delivery is still one event, sent once', async () => {
    let failedOnce = false;
    const failingAfterPublish = (real: Activities): Activities => ({
      ...real,
      publishMerchantEvent: async (input) => {
        const result = await real.publishMerchantEvent(input);
        if (failedOnce) return result;
        failedOnce = true;
        throw new Error('the worker lost the answer');
      },
    });
    await h.withWorker(
      async (tq) => {
        const { checkoutId, handle, session } = await h.start('iwocapay', tq);
        await iwoca().act(session.providerReference, 'approve');
        await h.decisionOf(handle);
        const eventId = eventIdOf(checkoutId, 'checkout.completed', 'completed');
        await deliveryOutcome(h.env.client, eventId);
        expect(failedOnce).toBe(true);
        const { events } = await h.store.listMerchantEvents({ checkoutId, limit: 10 });
        expect(events.map((e) => [e.id, e.seq])).toEqual([[eventId, 1]]);
        expect(merchant.deliveriesOf(eventId)).toHaveLength(1);
      },
      { wrap: failingAfterPublish },
    );
  });

  it('a WiPay session past its expiry tells checkout.timedOut, then checkout.cancelled (expired) at 240 min', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wipay', tq);
      await h.sandbox('wipay').act(session.providerReference, 'decline', { followRedirect: true });
      await h.sleep(3 * MINUTE_MS + 35_000);
      const timedOutId = eventIdOf(checkoutId, 'checkout.timedOut', 'timedOut');
      expect(await deliveryOutcome(h.env.client, timedOutId)).toMatchObject({ status: 'delivered' });
      expect(merchant.deliveriesOf(timedOutId)[0]?.event).toMatchObject({
        type: 'checkout.timedOut',
        data: { checkoutId, status: 'timedOut', sequence: 1 },
      });
      expect((await handle.result()).cancelReason).toBe('expired');
      const cancelledId = eventIdOf(checkoutId, 'checkout.cancelled', 'cancelled');
      expect(await deliveryOutcome(h.env.client, cancelledId)).toMatchObject({ status: 'delivered' });
      expect(merchant.deliveriesOf(cancelledId)[0]?.event).toMatchObject({
        data: { status: 'cancelled', reason: 'expired', sequence: 2 },
      });
    });
  });

  it('an event the publisher refuses for good is logged, and the checkout completes all the same', async () => {
    const refusing = (real: Activities): Activities => ({
      ...real,
      publishMerchantEvent: () => {
        throw ApplicationFailure.nonRetryable('refused for the test', 'InvalidMerchantEvent');
      },
    });
    await h.withWorker(
      async (tq) => {
        const { checkoutId, handle, session } = await h.start('iwocapay', tq);
        await iwoca().act(session.providerReference, 'approve');
        expect((await h.decisionOf(handle)).status).toBe('completed');
        const { events } = await h.store.listMerchantEvents({ checkoutId, limit: 10 });
        expect(events).toEqual([]);
      },
      { wrap: refusing },
    );
  });
});
