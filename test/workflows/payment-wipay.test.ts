// WiPay after the order, on the time-skipping server with the real WiPay adapter against
// the WiPay simulator (its WAPI refund request): WiPay took the money at once, so there is
// no capture or void, and a refund is the whole transaction, requested once. At the end of
// every test the simulator's transaction equals the workflow's state and the order store.
import { z } from 'zod';
import { toMinorUnits } from '../../src/money';
import { PAYMENT_REFUSALS, captureUpdate, refundUpdate, voidUpdate } from '../../workflows/payment/contract';
import type { PaymentHandle, PaymentHarness } from './support/payments';
import { cartFor, createPaymentHarness, paymentState, refusalOf, uniqueCheckoutId } from './support/payments';
import type { Sandbox } from './support/sandboxes';
import { startWipay } from './support/sandboxes';

let h: PaymentHarness;
let wipay: Sandbox;

beforeAll(async () => {
  h = await createPaymentHarness(async (now) => {
    wipay = await startWipay(
      { now: () => new Date(now()), webhookUrl: () => 'http://127.0.0.1:9/webhooks/wipay' },
      { wapiKey: 'wapi_test_payment-tests' },
    );
    return { wipay: wipay.adapter };
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await wipay?.close();
});

/** The simulator's transaction (its control API). */
const sessionSchema = z.object({
  state: z.string(),
  total: z.string(),
  refundRequest: z.object({ total: z.string() }).optional(),
});

/** A transaction the customer paid on WiPay's hosted page. */
async function startPaid(amount: string) {
  const checkoutId = uniqueCheckoutId('wip');
  await h.sync();
  const session = await wipay.adapter.createSession(cartFor(checkoutId, amount));
  const paid = z
    .object({ transactionId: z.string(), state: z.literal('success') })
    .parse(await wipay.act(session.providerReference, 'approve'));
  const handle = await h.start({ checkoutId, provider: 'wipay', amount, transactionId: paid.transactionId });
  return { checkoutId, transactionId: paid.transactionId, handle };
}

const refundCalls = (transactionId: string) =>
  wipay.requests.filter((r) => r === `POST /wapi/transactions/${transactionId}/refund`).length;

/** WiPay's transaction, the workflow's state and the order store agree on every total. */
async function expectLedgersAgree(transactionId: string, handle: PaymentHandle) {
  const state = await paymentState(handle);
  const session = sessionSchema.parse(await wipay.read(`sessions/${encodeURIComponent(transactionId)}`));
  expect(session.state).toBe('success');
  expect(toMinorUnits(state.captured)).toBe(toMinorUnits(session.total));
  const refunded = session.refundRequest ? toMinorUnits(session.refundRequest.total) : 0;
  expect(toMinorUnits(state.refunded)).toBe(refunded);
  expect(state.voided).toBe(false);
  const operations = await h.store.listPaymentOperations(state.checkoutId);
  const stored = operations
    .filter((op) => op.kind === 'refund' || op.kind === 'providerRefund')
    .reduce((total, op) => total + toMinorUnits(op.amount ?? '0'), 0);
  expect(stored).toBe(refunded);
  return state;
}

describe('WiPay payment on the simulator', () => {
  it('refunds the whole transaction with one WAPI request, and the payment ends refunded', async () => {
    const { transactionId, handle } = await startPaid('40.00');
    const refund = await handle.executeUpdate(refundUpdate, { args: [{ amount: '40.00' }] });
    expect(refund.amount).toBe('40.00');
    expect(refundCalls(transactionId)).toBe(1);
    // Nothing is left to do: the payment ended refunded.
    expect((await handle.result()).status).toBe('refunded');
    const state = await expectLedgersAgree(transactionId, handle);
    expect(state).toMatchObject({ captured: '40.00', refunded: '40.00', status: 'refunded' });
  });

  it('refuses a partial refund before any call: WAPI refunds whole transactions only', async () => {
    const { transactionId, handle } = await startPaid('25.00');
    expect(await refusalOf(handle.executeUpdate(refundUpdate, { args: [{ amount: '10.00' }] }))).toBe(
      PAYMENT_REFUSALS.providerFailed,
    );
    expect(refundCalls(transactionId)).toBe(0);
    const state = await expectLedgersAgree(transactionId, handle);
    expect(state).toMatchObject({ refunded: '0.00', refunds: [] });
  });

  it('retries a refund WiPay answered with a 503, and requests it once', async () => {
    const { transactionId, handle } = await startPaid('30.00');
    await wipay.control('faults', { operation: 'refund', status: 503, times: 1 });
    const refund = await handle.executeUpdate(refundUpdate, { args: [{ amount: '30.00' }] });
    expect(refund.amount).toBe('30.00');
    expect(refundCalls(transactionId)).toBe(2);
    expect((await expectLedgersAgree(transactionId, handle)).status).toBe('refunded');
  });

  it('answers 409-type conflict to a capture where the provider took the money at once, 422-type where it has no call', async () => {
    const { transactionId, handle } = await startPaid('10.00');
    expect(await refusalOf(handle.executeUpdate(captureUpdate, { args: [{}] }))).toBe(
      PAYMENT_REFUSALS.conflict,
    );
    expect(await refusalOf(handle.executeUpdate(voidUpdate))).toBe(PAYMENT_REFUSALS.notSupported);
    expect(await refusalOf(handle.executeUpdate(refundUpdate, { args: [{ amount: '1.234' }] }))).toBe(
      PAYMENT_REFUSALS.invalidAmount,
    );
    expect(refundCalls(transactionId)).toBe(0);
    await expectLedgersAgree(transactionId, handle);
  });
});
