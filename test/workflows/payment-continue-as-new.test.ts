// A payment with a long history continues as new and carries everything: the totals, the
// refunds, and the answers to merchant keys, so a key repeated after the new run began
// still returns its first answer and refunds nothing again, even where the request could
// not pass the checks any more. The provider is the real Affirm adapter against the
// Affirm simulator (WiPay's WAPI refunds only a whole transaction, once; this test refunds
// hundreds of parts), whose ledger must equal ours at the end.
import { fromMinorUnits, toMinorUnits } from '../../src/money';
import { captureUpdate, refundUpdate } from '../../workflows/payment/contract';
import { merchantUpdateId } from '../../workflows/payment/idempotency';
import { PAYMENT_HISTORY_LIMIT } from '../../workflows/payment/payment';
import { paymentState, useAffirmPaymentHarness, uniqueCheckoutId } from './support/payments';

const payments = useAffirmPaymentHarness();

const FINGERPRINT = '0123456789abcdef';
const keyOf = (i: number) => merchantUpdateId(`refund-${i}`, FINGERPRINT);

it('continues as new on a long history and answers an early Idempotency-Key from the carried state', async () => {
  const h = payments.harness();
  const affirm = payments.affirm();
  const checkoutId = uniqueCheckoutId('aff');
  await h.sync();
  const transactionId = await affirm.authorized(checkoutId, '100.00');
  const handle = await h.start({ checkoutId, provider: 'affirm', amount: '100.00', transactionId });
  await handle.executeUpdate(captureUpdate, { args: [{ amount: '100.00' }] });
  const firstRunId = (await handle.describe()).runId;
  const first = await handle.executeUpdate(refundUpdate, { updateId: keyOf(0), args: [{ amount: '50.00' }] });

  // Each refund adds about ten events; enough one-cent refunds cross the limit.
  let cents = 0;
  const batch = 25;
  while ((await handle.describe()).runId === firstRunId) {
    await Promise.all(
      Array.from({ length: batch }, (_, i) =>
        handle.executeUpdate(refundUpdate, { updateId: keyOf(cents + i + 1), args: [{ amount: '0.01' }] }),
      ),
    );
    cents += batch;
    if (cents > PAYMENT_HISTORY_LIMIT) throw new Error('the payment never continued as new');
  }

  // All but one cent refunded: the first request (50.00) could not pass the checks again.
  const rest = 10_000 - 5_000 - cents - 1;
  await handle.executeUpdate(refundUpdate, { updateId: keyOf(-1), args: [{ amount: fromMinorUnits(rest) }] });
  const again = await handle.executeUpdate(refundUpdate, { updateId: keyOf(0), args: [{ amount: '50.00' }] });
  expect(again).toEqual(first);
  const state = await paymentState(handle);
  expect(state.refunded).toBe('99.99');
  expect(state.refunds).toHaveLength(cents + 2);
  const ledger = await affirm.ledger(transactionId);
  expect(ledger).toMatchObject({ captured: toMinorUnits(state.captured), refunded: 9_999 });
  expect(ledger.refunds).toHaveLength(cents + 2);
  const stored = await h.store.listPaymentOperations(checkoutId);
  expect(stored.filter((op) => op.kind === 'refund')).toHaveLength(cents + 2);
  expect(stored.map((op) => op.kind).filter((kind) => kind !== 'refund')).toEqual(['capture']);
}, 120_000);
