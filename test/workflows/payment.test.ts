// The payment lifecycle on the time-skipping server: captures and refunds to the exact
// totals, concurrency, idempotency, Affirm's 30-day authorization, provider faults and
// provider refund notices. Affirm is the real adapter against the Affirm simulator (its
// clock the server's); WiPay is the test-local ledger adapter, because WiPay's WAPI
// refunds only a whole transaction, once, and these cases refund in parts. At the end of
// every test the provider's ledger equals the workflow's and the order store's.
import { toMinorUnits } from '../../src/money';
import type { PaymentState } from '../../workflows/payment/contract';
import {
  PAYMENT_REFUSALS,
  captureUpdate,
  providerRefundSignal,
  refundUpdate,
  voidUpdate,
} from '../../workflows/payment/contract';
import { merchantUpdateId } from '../../workflows/payment/idempotency';
import type { LedgerAdapter, LedgerEntry } from './support/ledger-adapter';
import { createLedgerAdapter } from './support/ledger-adapter';
import type { AffirmPayments, PaymentHandle, PaymentHarness } from './support/payments';
import {
  createPaymentHarness,
  paymentState,
  refusalOf,
  startAffirmPayments,
  uniqueCheckoutId,
} from './support/payments';

let h: PaymentHarness;
let affirm: AffirmPayments;
let wipay: LedgerAdapter;

beforeAll(async () => {
  h = await createPaymentHarness(async (now) => {
    affirm = await startAffirmPayments(now);
    wipay = createLedgerAdapter('wipay', now, { capture: false, void: false });
    return { affirm: affirm.sandbox.adapter, wipay };
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await affirm?.sandbox.close();
});

type Provider = 'affirm' | 'wipay';
type ProviderLedger = Pick<LedgerEntry, 'captured' | 'refunded' | 'voided' | 'captures' | 'refunds'>;

/** The provider's own ledger of the transaction: the Affirm simulator's control API, or WiPay's stand-in. */
async function providerLedger(provider: Provider, transactionId: string): Promise<ProviderLedger> {
  if (provider === 'affirm') return affirm.ledger(transactionId);
  const entry = wipay.ledger.get(transactionId);
  if (!entry) throw new Error(`wipay has no transaction ${transactionId}`);
  return entry;
}

/** The provider's ledger, the workflow's state and the order store agree on every total. */
async function expectLedgersAgree(provider: Provider, transactionId: string, handle: PaymentHandle) {
  const state = await paymentState(handle);
  const entry = await providerLedger(provider, transactionId);
  expect(toMinorUnits(state.captured)).toBe(entry.captured);
  expect(toMinorUnits(state.refunded)).toBe(entry.refunded);
  expect(state.voided).toBe(entry.voided);
  const operations = await h.store.listPaymentOperations(state.checkoutId);
  const sum = (kinds: string[]) =>
    operations
      .filter((op) => kinds.includes(op.kind))
      .reduce((total, op) => total + toMinorUnits(op.amount ?? '0'), 0);
  expect(sum(['refund', 'providerRefund'])).toBe(entry.refunded);
  // WiPay took the money at once: there is no capture to record.
  if (provider === 'affirm') expect(sum(['capture'])).toBe(entry.captured);
  return state;
}

async function startAffirm(amount: string) {
  const checkoutId = uniqueCheckoutId('aff');
  await h.sync();
  const transactionId = await affirm.authorized(checkoutId, amount);
  const handle = await h.start({ checkoutId, provider: 'affirm', amount, transactionId });
  return { checkoutId, transactionId, handle };
}

/** Calls of Affirm's `operation` endpoint for the transaction the simulator received. */
const affirmCalls = (transactionId: string, operation: string) =>
  affirm.sandbox.requests.filter((r) => r === `POST /api/v1/transactions/${transactionId}/${operation}`)
    .length;

async function startWipay(amount: string) {
  const checkoutId = uniqueCheckoutId('wip');
  const transactionId = `tx-${checkoutId}`;
  wipay.open(transactionId, amount, { captured: true });
  const handle = await h.start({ checkoutId, provider: 'wipay', amount, transactionId });
  return { checkoutId, transactionId, handle };
}

/** A payment whose whole amount the provider holds as taken (Affirm: captured in full first). */
async function startCaptured(provider: Provider, amount: string) {
  if (provider === 'wipay') {
    const started = await startWipay(amount);
    return { ...started, refundCalls: () => wipay.calls.refund };
  }
  const started = await startAffirm(amount);
  await started.handle.executeUpdate(captureUpdate, { args: [{ amount }] });
  return { ...started, refundCalls: () => affirmCalls(started.transactionId, 'refund') };
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
    const state = await expectLedgersAgree('affirm', transactionId, handle);
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
    expect((await expectLedgersAgree('affirm', transactionId, handle)).captured).toBe('100.00');
  });

  it.each<Provider>(['wipay', 'affirm'])(
    '%s: 20 concurrent refunds over the captured amount refund exactly the captured amount',
    async (provider) => {
      const { transactionId, handle, refundCalls } = await startCaptured(provider, '100.00');
      const callsBefore = refundCalls();
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          refusalOf(handle.executeUpdate(refundUpdate, { args: [{ amount: '10.00' }] })),
        ),
      );
      expect(results.filter((type) => type === undefined)).toHaveLength(10);
      // The rest were refused by the workflow's own book, never sent to the provider.
      for (const type of results.filter((t) => t !== undefined))
        expect([PAYMENT_REFUSALS.invalidAmount, PAYMENT_REFUSALS.conflict]).toContain(type);
      expect(refundCalls() - callsBefore).toBe(10);
      const state = await expectLedgersAgree(provider, transactionId, handle);
      expect(state).toMatchObject({ captured: '100.00', refunded: '100.00', status: 'refunded' });
      expect((await providerLedger(provider, transactionId)).refunds).toHaveLength(10);
    },
  );

  it.each<Provider>(['wipay', 'affirm'])(
    '%s: a repeated Idempotency-Key (Update ID) does nothing twice; the same key for another body is refused',
    async (provider) => {
      const { transactionId, handle, refundCalls } = await startCaptured(provider, '50.00');
      const callsBefore = refundCalls();
      const updateId = merchantUpdateId('merchant-key-1', 'aaaaaaaaaaaaaaaa');
      const first = await handle.executeUpdate(refundUpdate, { updateId, args: [{ amount: '10.00' }] });
      const again = await handle.executeUpdate(refundUpdate, { updateId, args: [{ amount: '10.00' }] });
      expect(again).toEqual(first);
      const reused = merchantUpdateId('merchant-key-1', 'bbbbbbbbbbbbbbbb');
      expect(
        await refusalOf(handle.executeUpdate(refundUpdate, { updateId: reused, args: [{ amount: '5.00' }] })),
      ).toBe(PAYMENT_REFUSALS.conflict);
      expect(refundCalls() - callsBefore).toBe(1);
      const state = await expectLedgersAgree(provider, transactionId, handle);
      expect(state.refunded).toBe('10.00');
      expect((await providerLedger(provider, transactionId)).refunds).toEqual([1000]);
    },
  );

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
    // Affirm itself closed the window and refuses a capture after it.
    const ledger = await affirm.ledger(transactionId);
    expect(ledger.authorization_expired).toBe(true);
    expect(ledger.captures).toEqual([]);
    await expect(
      affirm.sandbox.adapter.capture?.({
        checkoutId: 'late',
        transactionId,
        amount: '80.00',
        currency: 'USD',
        idempotencyKey: 'late-capture',
      }),
    ).rejects.toThrow(/expired/i);
    expect((await affirm.ledger(transactionId)).captures).toEqual([]);
  });

  it('retries a capture the provider answered with a 5xx after capturing, and captures once', async () => {
    const { transactionId, handle } = await startAffirm('60.00');
    // Affirm captures, and its answer is lost twice (a 503 instead of it).
    await affirm.sandbox.control('faults', { operation: 'capture-response', status: 503, times: 2 });
    const capture = await handle.executeUpdate(captureUpdate, { args: [{ amount: '60.00' }] });
    expect(capture.amount).toBe('60.00');
    expect(affirmCalls(transactionId, 'capture')).toBe(3);
    expect((await affirm.ledger(transactionId)).captures).toEqual([6000]);
    expect((await expectLedgersAgree('affirm', transactionId, handle)).status).toBe('captured');
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
    state = await expectLedgersAgree('wipay', transactionId, handle);
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
    await expectLedgersAgree('affirm', transactionId, handle);
    expect((await affirm.ledger(transactionId)).captures).toEqual([]);
  });
});
