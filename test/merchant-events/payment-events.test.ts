// Signed merchant events of the payment workflow (capture, refund, void, an authorization
// about to lapse), on the time-skipping server with the Affirm simulator and a real
// receiver that verifies every delivery with the `standardwebhooks` package.
import { captureUpdate, refundUpdate, voidUpdate } from '../../workflows/payment/contract';
import type { AffirmPayments, PaymentHarness } from '../workflows/support/payments';
import { createPaymentHarness, startAffirmPayments, uniqueCheckoutId } from '../workflows/support/payments';
import type { Merchant } from './support/merchant';
import { MERCHANT_SECRET, deliveryOutcome, eventIdOf, startMerchant } from './support/merchant';

jest.setTimeout(90_000);

let h: PaymentHarness;
let affirm: AffirmPayments;
let merchant: Merchant;

beforeAll(async () => {
  merchant = await startMerchant();
  h = await createPaymentHarness(
    async (now) => {
      affirm = await startAffirmPayments(now);
      return { affirm: affirm.sandbox.adapter };
    },
    'manual',
    { merchantWebhook: { url: merchant.url, secret: MERCHANT_SECRET } },
  );
}, 120_000);
afterAll(async () => {
  await h?.close();
  await affirm?.sandbox.close();
  await merchant?.close();
});

async function startAffirm(amount: string) {
  const checkoutId = uniqueCheckoutId('aff');
  await h.sync();
  const transactionId = await affirm.authorized(checkoutId, amount);
  const handle = await h.start({ checkoutId, provider: 'affirm', amount, transactionId });
  return { checkoutId, handle };
}

/** The one verified, acknowledged delivery of the event, after its workflow ended. */
async function receivedOnce(eventId: string) {
  expect(await deliveryOutcome(h.env.client, eventId)).toMatchObject({ status: 'delivered', attempts: 1 });
  const deliveries = merchant.deliveriesOf(eventId);
  expect(deliveries.map((d) => [d.verified, d.status])).toEqual([[true, 200]]);
  return deliveries[0]!.event!;
}

describe('payment events', () => {
  it('a capture and a refund each arrive once, signed, numbered in order, with the payment as it is', async () => {
    const { checkoutId, handle } = await startAffirm('100.00');
    const capture = await handle.executeUpdate(captureUpdate, { args: [{ amount: '30.00' }] });
    const refund = await handle.executeUpdate(refundUpdate, {
      args: [{ amount: '10.00', reason: 'damaged' }],
    });

    const captured = await receivedOnce(eventIdOf(checkoutId, 'payment.captured', capture.id));
    expect(captured).toMatchObject({
      type: 'payment.captured',
      data: {
        checkoutId,
        status: 'completed',
        sequence: 1,
        payment: { captured: '30.00', refunded: '0.00' },
      },
    });
    const refunded = await receivedOnce(eventIdOf(checkoutId, 'payment.refunded', refund.id));
    expect(refunded).toMatchObject({
      type: 'payment.refunded',
      data: { checkoutId, sequence: 2, payment: { captured: '30.00', refunded: '10.00' } },
    });
    const { events } = await h.store.listMerchantEvents({ checkoutId, limit: 10 });
    // The 70.00 not captured stay authorized, so the payment keeps its expiry-warning timer,
    // and the time-skipping server may skip to it while a delivery is awaited above (it did
    // in CI): that warning is then the next event in sequence, never a second copy.
    const listed = events.map((e) => [e.type, e.seq, e.status]);
    expect(listed.filter(([type]) => type !== 'payment.authorizationExpiring')).toEqual([
      ['payment.refunded', 2, 'delivered'],
      ['payment.captured', 1, 'delivered'],
    ]);
    expect(listed.filter(([type]) => type === 'payment.authorizationExpiring').length).toBeLessThanOrEqual(1);
    // Numbered 1, 2, … without a gap or a repeat, whichever events there are.
    const numbers = events.map((e) => e.seq).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
  });

  it('a void arrives as payment.voided', async () => {
    const { checkoutId, handle } = await startAffirm('25.00');
    await handle.executeUpdate(voidUpdate);
    const voided = await receivedOnce(
      eventIdOf(checkoutId, 'payment.voided', `${checkoutId}:void:authorization`),
    );
    expect(voided).toMatchObject({ data: { payment: { voided: true, status: 'voided' } } });
  });

  it("Affirm's authorization five days before it lapses arrives as payment.authorizationExpiring", async () => {
    const { checkoutId } = await startAffirm('80.00');
    await h.sleep('25 days');
    await h.sleep('1 minute');
    const expiring = await receivedOnce(
      eventIdOf(checkoutId, 'payment.authorizationExpiring', 'authorization'),
    );
    expect(expiring).toMatchObject({
      data: { payment: { needsAttention: true, attention: [{ kind: 'authorizationExpiring' }] } },
    });
  });
});
