// AFFIRM_CAPTURE=onComplete: the payment captures the whole authorization as soon as it
// starts, once, and a merchant capture after it answers conflict.
import { PAYMENT_REFUSALS, captureUpdate } from '../../workflows/payment/contract';
import type { LedgerAdapter } from './support/ledger-adapter';
import { createLedgerAdapter } from './support/ledger-adapter';
import type { PaymentHarness } from './support/payments';
import { createPaymentHarness, paymentState, refusalOf, uniqueCheckoutId } from './support/payments';

let h: PaymentHarness;
let affirm: LedgerAdapter;

beforeAll(async () => {
  h = await createPaymentHarness((now) => {
    affirm = createLedgerAdapter('affirm', now);
    return { affirm };
  }, 'onComplete');
}, 120_000);
afterAll(() => h?.close());

it('captures everything at once with AFFIRM_CAPTURE=onComplete', async () => {
  const checkoutId = uniqueCheckoutId('aff');
  const transactionId = `tx-${checkoutId}`;
  await h.sync();
  affirm.open(transactionId, '75.25', { validDays: 30 });
  const handle = await h.start({ checkoutId, provider: 'affirm', amount: '75.25', transactionId });
  let state = await paymentState(handle);
  for (let i = 0; i < 100 && state.captured === '0.00'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    state = await paymentState(handle);
  }
  expect(state).toMatchObject({ status: 'captured', captured: '75.25' });
  expect(affirm.ledger.get(transactionId)?.captures).toEqual([7525]);
  expect(await refusalOf(handle.executeUpdate(captureUpdate, { args: [{}] }))).toBe(
    PAYMENT_REFUSALS.conflict,
  );
  const stored = await h.store.listPaymentOperations(checkoutId);
  expect(stored.map((op) => [op.kind, op.amount])).toEqual([['capture', '75.25']]);
});
