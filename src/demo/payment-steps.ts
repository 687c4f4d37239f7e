// The merchant's calls after a paid order, for the demo: capture what was authorized
// (Affirm captures only on the merchant's call unless AFFIRM_CAPTURE=onComplete), then
// refund part of it, each with its own Idempotency-Key so a re-run does nothing twice.
import type { MerchantClient } from './merchant-client';
import { toMinorUnits } from '../money';
import { bodyOf } from './payment-answers';

/** The partial refund the demo makes, as a decimal string. */
const DEMO_REFUND = '10.00';

export async function captureAndRefund(client: MerchantClient, checkoutId: string): Promise<string> {
  const before = await client.waitForPayment(checkoutId, 10_000);
  if (toMinorUnits(before.captured) === 0) {
    const shipping = { carrier: 'UPS', trackingNumber: `1Z-${checkoutId}` };
    bodyOf('POST captures', await client.capture(checkoutId, { shipping }, `${checkoutId}-capture`));
  }
  bodyOf(
    'POST refunds',
    await client.refund(
      checkoutId,
      { amount: DEMO_REFUND, reason: 'demo: one item returned' },
      `${checkoutId}-refund`,
    ),
  );
  const after = await client.waitForPayment(checkoutId, 10_000);
  return `authorized ${after.authorized}, captured ${after.captured}, refunded ${after.refunded}`;
}
