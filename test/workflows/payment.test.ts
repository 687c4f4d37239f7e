// The payment lifecycle on the time-skipping server: captures and refunds to the exact
// totals, concurrency, idempotency, Affirm's 30-day authorization, provider faults and
// provider refund notices. The provider side is the test-local ledger adapter; at the end
// of every test its ledger equals the workflow's and the order store's.
import type { PaymentState } from '../../workflows/payment/contract';
import {
  PAYMENT_REFUSALS,
  captureUpdate,
  providerRefundSignal,
  refundUpdate,
  voidUpdate,
} from '../../workflows/payment/contract';
import { merchantUpdateId } from '../../workflows/payment/idempotency';
import type { LedgerAdapter } from './support/ledger-adapter';
import { createLedgerAdapter } from './support/ledger-adapter';
import type { PaymentHandle, PaymentHarness } from './support/payments';
import { createPaymentHarness, paymentState, refusalOf, uniqueCheckoutId } from './support/payments';

let h: PaymentHarness;
let affirm: LedgerAdapter;
let wipay: LedgerAdapter;

beforeAll(async () => {
  h = await createPaymentHarness((now) => {
    affirm = createLedgerAdapter('affirm', now);
    wipay = createLedgerAdapter('wipay', now, { capture: false, void: false });
    return { affirm, wipay };
  });
}, 120_000);
afterAll(() => h?.close());

const cents = (amount: string) => Math.round(Number(amount) * 100);

/** The provider's ledger, the workflow's state and the order store agree on every total. */
async function expectLedgersAgree(ledger: LedgerAdapter, transactionId: string, handle: PaymentHandle) {
  const state = await paymentState(handle);
  const entry = ledger.ledger.get(transactionId);
  expect(entry).toBeDefined();
  expect(cents(state.captured)).toBe(entry?.captured);
  expect(cents(state.refunded)).toBe(entry?.refunded);
  expect(state.voided).toBe(entry?.voided);
  const operations = await h.store.listPaymentOperations(state.checkoutId);
  const sum = (kinds: string[]) =>
    operations
      .filter((op) => kinds.includes(op.kind))
      .reduce((total, op) => total + cents(op.amount ?? '0'), 0);
  expect(sum(['refund', 'providerRefund'])).toBe(entry?.refunded);
  if (ledger.capture) expect(sum(['capture'])).toBe(entry?.captured);
  return state;
}

async function startAffirm(amount: string, validDays = 30) {
  const checkoutId = uniqueCheckoutId('aff');
  const transactionId = `tx-${checkoutId}`;
  await h.sync();
  affirm.open(transactionId, amount, { validDays, atMs: h.now() });
  const handle = await h.start({ checkoutId, provider: 'affirm', amount, transactionId });
  return { checkoutId, transactionId, handle };
}

async function startWipay(amount: string) {
  const checkoutId = uniqueCheckoutId('wip');
  const transactionId = `tx-${checkoutId}`;
  wipay.open(transactionId, amount, { captured: true });
  const handle = await h.start({ checkoutId, provider: 'wipay', amount, transactionId });
  return { checkoutId, transactionId, handle };
}

describe('payment lifecycle', () => {
  it('partial captures, then partial refunds, to the exact totals', async () => {
    const { transactionId, handle } = await startAffirm('100.00');
    const first = await handle.executeUpdate(captureUpdate, { args: [{ amount: '30.00' }] });
    const second = await handle.executeUpdate(captureUpdate, {
      args: [{ amount: '45.5', shipping: { carrier: 'UPS', trackingNumber: '1Z999' } }],
    });
    expect([first.amount, second.amount]).toEqual(['30.00', '45.50']);
    expect(await refusalOf(handle.executeUpdate(captureUpdate, { args: [{ amount: '24.51' }] }))).toBe(
      PAYMENT_REFUSALS.invalidAmount,
    );
    await handle.executeUpdate(refundUpdate, { args: [{ amount: '20.25', reason: 'damaged' }] });
    expect(await refusalOf(handle.executeUpdate(refundUpdate, { args: [{ amount: '55.26' }] }))).toBe(
      PAYMENT_REFUSALS.invalidAmount,
    );
    await handle.executeUpdate(refundUpdate, { args: [{ amount: '55.25' }] });
    expect(await refusalOf(handle.executeUpdate(refundUpdate, { args: [{ amount: '0.01' }] }))).toBe(
      PAYMENT_REFUSALS.conflict,
    );
    expect(await refusalOf(handle.executeUpdate(voidUpdate))).toBe(PAYMENT_REFUSALS.conflict);
    const state = await expectLedgersAgree(affirm, transactionId, handle);
    expect(state).toMatchObject({
      authorized: '100.00',
      captured: '75.50',
      refunded: '75.50',
      status: 'refunded',
    });
    expect(state.captures.map((c) => c.amount)).toEqual(['30.00', '45.50']);
    expect(state.refunds.map((r) => r.amount)).toEqual(['20.25', '55.25']);
    // The rest stays capturable until the authorization lapses.
    await handle.executeUpdate(captureUpdate, { args: [{}] });
    expect((await expectLedgersAgree(affirm, transactionId, handle)).captured).toBe('100.00');
  });

  it('20 concurrent refunds over the captured amount refund exactly the captured amount', async () => {
    const { transactionId, handle } = await startWipay('100.00');
    const callsBefore = wipay.calls.refund;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        refusalOf(handle.executeUpdate(refundUpdate, { args: [{ amount: '10.00' }] })),
      ),
    );
    expect(results.filter((type) => type === undefined)).toHaveLength(10);
    // The rest were refused by the workflow's own book, never sent to the provider.
    for (const type of results.filter((t) => t !== undefined))
      expect([PAYMENT_REFUSALS.invalidAmount, PAYMENT_REFUSALS.conflict]).toContain(type);
    expect(wipay.calls.refund - callsBefore).toBe(10);
    const state = await expectLedgersAgree(wipay, transactionId, handle);
    expect(state).toMatchObject({ captured: '100.00', refunded: '100.00', status: 'refunded' });
    expect(wipay.ledger.get(transactionId)?.refunds).toHaveLength(10);
  });

  it('a repeated Idempotency-Key (Update ID) does nothing twice; the same key for another body is refused', async () => {
    const { transactionId, handle } = await startWipay('50.00');
    const updateId = merchantUpdateId('merchant-key-1', 'aaaaaaaaaaaaaaaa');
    const first = await handle.executeUpdate(refundUpdate, { updateId, args: [{ amount: '10.00' }] });
    const again = await handle.executeUpdate(refundUpdate, { updateId, args: [{ amount: '10.00' }] });
    expect(again).toEqual(first);
    const reused = merchantUpdateId('merchant-key-1', 'bbbbbbbbbbbbbbbb');
    expect(
      await refusalOf(handle.executeUpdate(refundUpdate, { updateId: reused, args: [{ amount: '5.00' }] })),
    ).toBe(PAYMENT_REFUSALS.conflict);
    const state = await expectLedgersAgree(wipay, transactionId, handle);
    expect(state.refunded).toBe('10.00');
    expect(wipay.ledger.get(transactionId)?.refunds).toEqual([1000]);
  });

  it("flags Affirm's authorization at day 25, expires it at day 30 and refuses a capture after", async () => {
    const { transactionId, handle } = await startAffirm('80.00');
    await h.sleep('25 days');
    await h.sleep('1 minute');
    let state: PaymentState = await paymentState(handle);
    expect(state.attention.map((a) => a.kind)).toEqual(['authorizationExpiring']);
    expect(state.status).toBe('authorized');
    await h.sleep('5 days');
    await h.sleep('1 minute');
    state = await paymentState(handle);
    expect(state.status).toBe('expired');
    expect(state.attention.map((a) => a.kind)).toEqual(['authorizationExpiring', 'authorizationExpired']);
    // Nothing more can happen: the workflow ended with the expired state, and takes no capture
    // (the gateway answers 409 from the closed workflow's state).
    expect((await handle.result()).status).toBe('expired');
    await expect(handle.executeUpdate(captureUpdate, { args: [{}] })).rejects.toThrow();
    expect(affirm.ledger.get(transactionId)?.captures).toEqual([]);
  });

  it('retries a capture the provider answered with a 5xx after capturing, and captures once', async () => {
    const { transactionId, handle } = await startAffirm('60.00');
    const callsBefore = affirm.calls.capture;
    affirm.failAfterApplying('capture', 2);
    const capture = await handle.executeUpdate(captureUpdate, { args: [{ amount: '60.00' }] });
    expect(capture.amount).toBe('60.00');
    expect(affirm.calls.capture - callsBefore).toBe(3);
    expect(affirm.ledger.get(transactionId)?.captures).toEqual([6000]);
    expect((await expectLedgersAgree(affirm, transactionId, handle)).status).toBe('captured');
  });

  it("counts a provider's refund notice once under 5× redelivery", async () => {
    const { checkoutId, transactionId, handle } = await startWipay('40.00');
    for (let i = 0; i < 5; i++)
      await handle.signal(providerRefundSignal, {
        eventId: 'evt-refund-1',
        amount: '15.00',
        occurredAt: new Date().toISOString(),
      });
    // The provider's own ledger saw the refund it reported.
    wipay.ledger.get(transactionId)!.refunded = 1500;
    let state = await paymentState(handle);
    for (let i = 0; i < 50 && state.refunds.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await paymentState(handle);
    }
    state = await expectLedgersAgree(wipay, transactionId, handle);
    expect(state).toMatchObject({ refunded: '15.00', status: 'partiallyRefunded' });
    expect(state.refunds).toHaveLength(1);
    const stored = await h.store.listPaymentOperations(checkoutId);
    expect(stored.filter((op) => op.kind === 'providerRefund')).toHaveLength(1);
  });

  it('voids an authorization nothing was captured from, and refuses a capture after', async () => {
    const { transactionId, handle } = await startAffirm('25.00');
    const voided = await handle.executeUpdate(voidUpdate);
    expect(voided).toMatchObject({ voided: true, status: 'voided' });
    expect((await handle.result()).status).toBe('voided');
    await expect(handle.executeUpdate(captureUpdate, { args: [{}] })).rejects.toThrow();
    await expectLedgersAgree(affirm, transactionId, handle);
    expect(affirm.ledger.get(transactionId)?.captures).toEqual([]);
  });

  it('answers 409-type conflict to a capture where the provider took the money at once, 422-type where it has no call', async () => {
    const { handle } = await startWipay('10.00');
    expect(await refusalOf(handle.executeUpdate(captureUpdate, { args: [{}] }))).toBe(
      PAYMENT_REFUSALS.conflict,
    );
    expect(await refusalOf(handle.executeUpdate(voidUpdate))).toBe(PAYMENT_REFUSALS.notSupported);
    expect(await refusalOf(handle.executeUpdate(refundUpdate, { args: [{ amount: '1.234' }] }))).toBe(
      PAYMENT_REFUSALS.invalidAmount,
    );
  });
});
