// A payment with a long history continues as new and carries everything: the totals, the
// refunds, and the answers to merchant keys, so a key repeated after the new run began
// still returns its first answer and refunds nothing again, even where the request could
// not pass the checks any more. WiPay is the test-local ledger adapter here: WiPay's WAPI
// refunds only a whole transaction, once, and this test refunds hundreds of parts.
import { fromMinorUnits } from '../../src/money';
import { refundUpdate } from '../../workflows/payment/contract';
import { merchantUpdateId } from '../../workflows/payment/idempotency';
import { PAYMENT_HISTORY_LIMIT } from '../../workflows/payment/payment';
import type { LedgerAdapter } from './support/ledger-adapter';
import { createLedgerAdapter } from './support/ledger-adapter';
import type { PaymentHarness } from './support/payments';
import { createPaymentHarness, paymentState, uniqueCheckoutId } from './support/payments';

let h: PaymentHarness;
let wipay: LedgerAdapter;

beforeAll(async () => {
  h = await createPaymentHarness((now) => {
    wipay = createLedgerAdapter('wipay', now, { capture: false, void: false });
    return { wipay };
  });
}, 120_000);
afterAll(() => h?.close());

const FINGERPRINT = '0123456789abcdef';
const keyOf = (i: number) => merchantUpdateId(`refund-${i}`, FINGERPRINT);

it('continues as new on a long history and answers an early Idempotency-Key from the carried state', async () => {
  const checkoutId = uniqueCheckoutId('wip');
  const transactionId = `tx-${checkoutId}`;
  wipay.open(transactionId, '100.00', { captured: true });
  const handle = await h.start({ checkoutId, provider: 'wipay', amount: '100.00', transactionId });
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
  expect(wipay.ledger.get(transactionId)).toMatchObject({ refunded: 9_999 });
  expect(wipay.ledger.get(transactionId)?.refunds).toHaveLength(cents + 2);
  expect(await h.store.listPaymentOperations(checkoutId)).toHaveLength(cents + 2);
}, 120_000);
