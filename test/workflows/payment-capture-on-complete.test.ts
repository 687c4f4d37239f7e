// AFFIRM_CAPTURE=onComplete: the payment captures the whole authorization as soon as it
// starts, once, and a merchant capture after it answers conflict. The real Affirm adapter
// against the Affirm simulator, whose ledger must show that one capture.
import { toMinorUnits } from '../../src/money';
import { PAYMENT_REFUSALS, captureUpdate } from '../../workflows/payment/contract';
import { paymentState, refusalOf, useAffirmPaymentHarness, uniqueCheckoutId } from './support/payments';

const payments = useAffirmPaymentHarness('onComplete');

it('captures everything at once with AFFIRM_CAPTURE=onComplete', async () => {
  const h = payments.harness();
  const affirm = payments.affirm();
  const checkoutId = uniqueCheckoutId('aff');
  await h.sync();
  const transactionId = await affirm.authorized(checkoutId, '75.25');
  const handle = await h.start({ checkoutId, provider: 'affirm', amount: '75.25', transactionId });
  let state = await paymentState(handle);
  for (let i = 0; i < 100 && state.captured === '0.00'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    state = await paymentState(handle);
  }
  expect(state).toMatchObject({ status: 'captured', captured: '75.25' });
  expect((await affirm.ledger(transactionId)).captures).toEqual([7525]);
  expect(await refusalOf(handle.executeUpdate(captureUpdate, { args: [{}] }))).toBe(
    PAYMENT_REFUSALS.conflict,
  );
  const stored = await h.store.listPaymentOperations(checkoutId);
  expect(stored.map((op) => [op.kind, op.amount])).toEqual([['capture', '75.25']]);
  const ledger = await affirm.ledger(transactionId);
  expect(ledger).toMatchObject({ authorized: 7525, captured: toMinorUnits(state.captured), refunded: 0 });
  expect(ledger.voided).toBe(false);
});
