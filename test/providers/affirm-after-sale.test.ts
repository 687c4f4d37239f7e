// After the order at Affirm: capture, refund, void and update through the real adapter,
// over real HTTP against the Affirm simulator, whose ledger must equal what we were told.
import type { ProviderAdapter } from '../../src/providers/types';
import type { AffirmSandbox } from '../fixtures/affirm-sandbox';
import { AFFIRM_KEYS, startAffirmSandbox } from '../fixtures/affirm-sandbox';
import { providerRejection } from '../fixtures/provider-errors';
import { affirmSessionInput } from './support/affirm-session';

const DAY_MS = 24 * 3_600_000;
let clock = new Date('2030-01-01T00:00:00.000Z');
let sandbox: AffirmSandbox;
let adapter: ProviderAdapter;

beforeAll(async () => {
  sandbox = await startAffirmSandbox({ now: () => clock });
  adapter = sandbox.adapter({ now: () => clock, timeoutMs: 2_000 });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = new Date('2030-01-01T00:00:00.000Z');
});

const rejection = (work: Promise<unknown>) =>
  providerRejection(work, [
    AFFIRM_KEYS.privateKey,
    Buffer.from(`${AFFIRM_KEYS.publicKey}:${AFFIRM_KEYS.privateKey}`).toString('base64'),
  ]);

function required<T>(call: T | undefined, name: string): T {
  if (!call) throw new Error(`Affirm must implement ${name}`);
  return call;
}

let sequence = 0;
/** A checkout the customer approved and we authorized: Affirm's transaction, ready to capture. */
async function authorizedTransaction(amount: string) {
  sequence += 1;
  const checkoutId = `ORD-${sequence}-after`;
  const created = await adapter.createSession(
    affirmSessionInput(sandbox, checkoutId, `ORD-${sequence}`, amount),
  );
  expect((await sandbox.control(`/sessions/${created.providerReference}/approve`)).status).toBe(200);
  const auth = await required(
    adapter.authorize,
    'authorize',
  )({
    checkoutToken: created.providerReference,
    checkoutId,
    idempotencyKey: `auth-${checkoutId}`,
  });
  return { checkoutId, transactionId: auth.transactionId };
}

const capture = (t: { checkoutId: string; transactionId: string }, amount: string, key: string) =>
  required(adapter.capture, 'capture')({ ...t, amount, currency: 'USD', idempotencyKey: key });
const refund = (t: { checkoutId: string; transactionId: string }, amount: string, key: string) =>
  required(adapter.refund, 'refund')({ ...t, amount, currency: 'USD', idempotencyKey: key });
const voidIt = (t: { transactionId: string }, key: string) =>
  required(
    adapter.voidAuthorization,
    'voidAuthorization',
  )({ transactionId: t.transactionId, idempotencyKey: key });

async function ledger(transactionId: string) {
  const response = await fetch(`${sandbox.config.apiUrl}/_sandbox/transactions/${transactionId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { events: Array<Record<string, unknown>> };
}

describe('capture and refund', () => {
  it('captures in parts with the shipment, then refunds in parts, to the exact totals', async () => {
    const t = await authorizedTransaction('100.00');
    const first = await required(
      adapter.capture,
      'capture',
    )({
      ...t,
      amount: '60.10',
      currency: 'USD',
      idempotencyKey: 'cap-1',
      shipping: { carrier: 'UPS', trackingNumber: '1Z999' },
    });
    expect(first).toEqual({ providerId: expect.any(String), amount: '60.10' });
    expect(await capture(t, '39.90', 'cap-2')).toMatchObject({ amount: '39.90' });
    expect(await refund(t, '10.05', 'ref-1')).toMatchObject({ amount: '10.05' });
    expect(await refund(t, '0.95', 'ref-2')).toMatchObject({ amount: '0.95' });

    const book = await ledger(t.transactionId);
    expect(book).toMatchObject({
      authorized: 10000,
      captured: 10000,
      refunded: 1100,
      voided: false,
      status: 'partially_refunded',
      order_id: t.checkoutId,
    });
    const captureEvent = book.events.find((e) => e.id === first.providerId);
    expect(captureEvent).toMatchObject({
      type: 'capture',
      amount: 6010,
      order_id: t.checkoutId,
      shipping_carrier: 'UPS',
      shipping_confirmation: '1Z999',
    });
  });

  it('refuses to capture over the capturable balance (409, permanent) and changes nothing', async () => {
    const t = await authorizedTransaction('50.00');
    await capture(t, '30.00', 'cap-a');
    const over = await rejection(capture(t, '20.01', 'cap-b'));
    expect(over).toMatchObject({ transient: false, httpStatus: 409 });
    expect(over.message).toContain('capture-limit-exceeded');
    await capture(t, '20.00', 'cap-c');
    const none = await rejection(capture(t, '0.01', 'cap-d'));
    expect(none).toMatchObject({ transient: false, httpStatus: 409 });
    expect(await ledger(t.transactionId)).toMatchObject({ captured: 5000, status: 'captured' });
  });

  it('refuses a refund before any capture and one over what was captured', async () => {
    const t = await authorizedTransaction('40.00');
    const early = await rejection(refund(t, '1.00', 'ref-early'));
    expect(early).toMatchObject({ transient: false, httpStatus: 400 });
    expect(early.message).toContain('refund-uncaptured');
    await capture(t, '25.00', 'cap');
    await refund(t, '20.00', 'ref-1');
    const over = await rejection(refund(t, '5.01', 'ref-2'));
    expect(over.message).toContain('refund-exceeded');
    expect(await ledger(t.transactionId)).toMatchObject({ captured: 2500, refunded: 2000 });
  });

  it('20 concurrent refunds over the captured amount refund exactly what was captured', async () => {
    const t = await authorizedTransaction('30.00');
    await capture(t, '30.00', 'cap');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => refund(t, '2.00', `ref-${i}`)),
    );
    const refunded = results.filter((r) => r.status === 'fulfilled');
    expect(refunded).toHaveLength(15);
    for (const failed of results.filter((r) => r.status === 'rejected')) {
      expect(String(failed.reason)).toContain('refund-exceeded');
    }
    expect(await ledger(t.transactionId)).toMatchObject({
      captured: 3000,
      refunded: 3000,
      status: 'refunded',
    });
  });

  it.each(['0', '0.00', '1.234', '-5', 'ten'])('refuses the amount %p before any call', async (amount) => {
    const t = await authorizedTransaction('10.00');
    expect((await rejection(capture(t, amount, `cap-${amount}`))).transient).toBe(false);
    expect((await rejection(refund(t, amount, `ref-${amount}`))).transient).toBe(false);
    expect((await ledger(t.transactionId)).events.map((e) => e.type)).toEqual(['auth']);
  });
});

describe('void', () => {
  it('voids an uncaptured authorization; a capture or refund after it is refused', async () => {
    const t = await authorizedTransaction('12.00');
    await voidIt(t, 'void-1');
    const late = await rejection(capture(t, '12.00', 'cap'));
    expect(late).toMatchObject({ transient: false, httpStatus: 400 });
    expect(late.message).toContain('capture-voided');
    expect((await rejection(refund(t, '1.00', 'ref'))).message).toContain('refund-voided');
    expect(await ledger(t.transactionId)).toMatchObject({ voided: true, captured: 0, refunded: 0 });
  });

  it('refuses to void once anything was captured', async () => {
    const t = await authorizedTransaction('12.00');
    await capture(t, '2.00', 'cap');
    const refused = await rejection(voidIt(t, 'void-late'));
    expect(refused).toMatchObject({ transient: false, httpStatus: 400 });
    expect(await ledger(t.transactionId)).toMatchObject({ voided: false, captured: 200 });
  });
});

describe('authorization expiry', () => {
  it('captures until 30 days after the authorization, refuses from then on', async () => {
    const t = await authorizedTransaction('80.00');
    const book = await ledger(t.transactionId);
    expect(book.authorization_expiration).toBe(new Date(clock.getTime() + 30 * DAY_MS).toISOString());
    clock = new Date(clock.getTime() + 30 * DAY_MS - 1_000);
    await capture(t, '10.00', 'cap-day-29');
    expect(await ledger(t.transactionId)).toMatchObject({ authorization_expired: false });
    clock = new Date(clock.getTime() + 1_000);
    const expired = await rejection(capture(t, '10.00', 'cap-day-30'));
    expect(expired).toMatchObject({ transient: false, httpStatus: 400 });
    expect(expired.message).toContain('expired-authorization');
    expect(await ledger(t.transactionId)).toMatchObject({ authorization_expired: true, captured: 1000 });
    // What was captured in time stays refundable.
    await refund(t, '10.00', 'ref');
    expect(await ledger(t.transactionId)).toMatchObject({ captured: 1000, refunded: 1000 });
  });
});

describe('idempotency keys', () => {
  it('a repeated key answers the first capture and refund again without moving money twice', async () => {
    const t = await authorizedTransaction('20.00');
    const first = await capture(t, '5.00', 'same-capture');
    expect(await capture(t, '5.00', 'same-capture')).toEqual(first);
    const back = await refund(t, '1.00', 'same-refund');
    const replays = await Promise.all([1, 2, 3].map(() => refund(t, '1.00', 'same-refund')));
    for (const replay of replays) expect(replay).toEqual(back);
    const book = await ledger(t.transactionId);
    expect(book).toMatchObject({ captured: 500, refunded: 100 });
    expect(book.events.map((e) => e.type)).toEqual(['auth', 'capture', 'refund']);
  });

  it('sends the key on every after-sale call', async () => {
    const seen: Array<string | undefined> = [];
    const t = await authorizedTransaction('9.00');
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      if (String(input).includes('/api/v1/transactions/'))
        seen.push(headers.get('idempotency-key') ?? undefined);
      return original(input, init);
    };
    try {
      await capture(t, '9.00', 'k-capture');
      await refund(t, '1.00', 'k-refund');
      await required(
        adapter.updateShipping,
        'updateShipping',
      )({
        transactionId: t.transactionId,
        checkoutId: t.checkoutId,
        carrier: 'FedEx',
        trackingNumber: '7777',
        status: 'dispatched',
        idempotencyKey: 'k-update',
      });
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(['k-capture', 'k-refund', 'k-update']);
  });
});

describe('provider failures', () => {
  it('a 5xx during capture is transient; the retry with the same key captures once', async () => {
    const t = await authorizedTransaction('15.00');
    await sandbox.control('/faults', { operation: 'capture', status: 503 });
    const failed = await rejection(capture(t, '15.00', 'cap-retry'));
    expect(failed).toMatchObject({ transient: true, httpStatus: 503 });
    expect(await ledger(t.transactionId)).toMatchObject({ captured: 0 });
    await capture(t, '15.00', 'cap-retry');
    await capture(t, '15.00', 'cap-retry');
    expect(await ledger(t.transactionId)).toMatchObject({ captured: 1500, status: 'captured' });
  });

  it('a capture whose answer was lost is retried with its key and captures once', async () => {
    const t = await authorizedTransaction('18.00');
    await sandbox.control('/faults', { operation: 'capture-response', status: 502 });
    const lost = await rejection(capture(t, '18.00', 'cap-lost'));
    expect(lost).toMatchObject({ transient: true, httpStatus: 502 });
    // Affirm captured; only the answer went missing.
    expect(await ledger(t.transactionId)).toMatchObject({ captured: 1800 });
    const retried = await capture(t, '18.00', 'cap-lost');
    expect(retried).toMatchObject({ amount: '18.00' });
    const book = await ledger(t.transactionId);
    expect(book).toMatchObject({ captured: 1800, status: 'captured' });
    expect(book.events.filter((e) => e.type === 'capture')).toEqual([
      expect.objectContaining({ id: retried.providerId, amount: 1800 }),
    ]);
  });

  it('a refund timed out after Affirm applied it is retried with its key and refunds once', async () => {
    const t = await authorizedTransaction('18.00');
    await capture(t, '18.00', 'cap');
    await sandbox.control('/faults', { operation: 'refund-response', delayMs: 400 });
    const slow = sandbox.adapter({ now: () => clock, timeoutMs: 100 });
    const timedOut = await rejection(
      required(slow.refund, 'refund')({ ...t, amount: '3.00', currency: 'USD', idempotencyKey: 'ref-slow' }),
    );
    expect(timedOut.transient).toBe(true);
    await refund(t, '3.00', 'ref-slow');
    expect(await ledger(t.transactionId)).toMatchObject({ captured: 1800, refunded: 300 });
  });

  it('reads the transaction object with amount_refunded and every event', async () => {
    const t = await authorizedTransaction('18.00');
    await capture(t, '18.00', 'cap');
    await refund(t, '2.50', 'ref');
    const response = await fetch(`${sandbox.config.apiUrl}/api/v1/transactions/${t.transactionId}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${AFFIRM_KEYS.publicKey}:${AFFIRM_KEYS.privateKey}`).toString('base64')}`,
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: t.transactionId,
      amount: 1800,
      amount_refunded: 250,
      status: 'partially_refunded',
      events: [{ type: 'auth' }, { type: 'capture', amount: 1800 }, { type: 'refund', amount: 250 }],
    });
  });

  it('an unknown transaction is a permanent 404', async () => {
    const err = await rejection(capture({ checkoutId: 'x', transactionId: 'NOPE-NOPE' }, '1.00', 'k'));
    expect(err).toMatchObject({ transient: false, httpStatus: 404 });
    expect((await fetch(`${sandbox.config.apiUrl}/_sandbox/transactions/NOPE-NOPE`)).status).toBe(404);
  });
});

describe('shipping update', () => {
  it('records carrier and tracking number on the transaction without moving money', async () => {
    const t = await authorizedTransaction('33.00');
    await required(
      adapter.updateShipping,
      'updateShipping',
    )({
      transactionId: t.transactionId,
      checkoutId: t.checkoutId,
      carrier: 'USPS',
      trackingNumber: '9400 1000',
      status: 'dispatched',
      idempotencyKey: 'ship-1',
    });
    const book = await ledger(t.transactionId);
    expect(book).toMatchObject({ captured: 0, status: 'authorized' });
    expect(book.events.at(-1)).toMatchObject({
      type: 'update',
      order_id: t.checkoutId,
      shipping_carrier: 'USPS',
      shipping_confirmation: '9400 1000',
    });
  });

  it('Affirm refuses an update of a voided transaction, and a carrier over 128 characters', async () => {
    const t = await authorizedTransaction('33.00');
    const update = (carrier: string, key: string) =>
      required(
        adapter.updateShipping,
        'updateShipping',
      )({
        transactionId: t.transactionId,
        checkoutId: t.checkoutId,
        carrier,
        trackingNumber: '1',
        status: 'dispatched',
        idempotencyKey: key,
      });
    const long = await rejection(update('x'.repeat(129), 'long'));
    expect(long).toMatchObject({ transient: false, httpStatus: 400 });
    expect(long.message).toContain('shipping_carrier');
    await voidIt(t, 'void');
    expect((await rejection(update('UPS', 'after-void'))).message).toContain('transaction-voided');
    expect((await ledger(t.transactionId)).events.map((e) => e.type)).toEqual(['auth', 'void']);
  });

  it('without the transaction it is refused before any call', async () => {
    const err = await rejection(
      required(
        adapter.updateShipping,
        'updateShipping',
      )({
        checkoutId: 'c',
        carrier: 'UPS',
        trackingNumber: '1',
        status: 'dispatched',
        idempotencyKey: 'k',
      }),
    );
    expect(err.transient).toBe(false);
  });
});
