// The WiPay simulator as the orchestrator sees it: the customer's browser brings the
// hashed result to a stand-in, bound response_url verified by the real adapter; expiry
// runs on an injected clock.
import { createHash } from 'node:crypto';
import type { WipayFeeStructure } from '../../src/providers/wipay/config';
import type { WipaySandbox } from '../fixtures/wipay-sandbox';
import { WIPAY_API_KEY, startWipaySandbox, wipaySessionInput } from '../fixtures/wipay-sandbox';

const START = new Date('2030-01-01T12:00:00.000Z');
let clock = START;
let sandbox: WipaySandbox;

beforeAll(async () => {
  sandbox = await startWipaySandbox({ now: () => clock });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = START;
  sandbox.received.length = 0;
});

let sequence = 0;
async function open(amount = '1344', avs = false, feeStructure: WipayFeeStructure = 'merchant_absorb') {
  const input = wipaySessionInput(sandbox, `S${++sequence}`, amount, avs);
  const created = await sandbox.adapter({ now: () => clock }, { feeStructure }).createSession(input);
  return {
    checkoutId: input.checkoutId,
    transactionId: created.providerReference,
    responseUrl: input.callbacks.redirectUrl,
  };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

describe('the result redirect', () => {
  it('approve: the browser brings a hash the gateway verifies, and the order is fulfilled', async () => {
    const { checkoutId, transactionId, responseUrl } = await open();
    const { status, body } = await sandbox.control(`/sessions/${transactionId}/approve`, {
      followRedirect: true,
    });
    expect(status).toBe(200);
    const query = body.query as Record<string, string>;
    expect(query).toMatchObject({
      status: 'success',
      transaction_id: transactionId,
      order_id: checkoutId,
      total: '1344.00',
    });
    // Recomputed here from the documented formula, not with the code under test.
    expect(query.hash).toBe(md5(`${transactionId}1344.00${WIPAY_API_KEY}`));
    // Appended to the response_url's own (bound) query, which survives intact.
    expect(responseUrl).toContain('callback_sig=');
    expect(body.responseUrl).toBe(`${responseUrl}&${new URLSearchParams(query).toString()}`);
    expect(body.visits).toEqual([expect.objectContaining({ status: 302 })]);
    expect(sandbox.received).toEqual([
      {
        status: 302,
        event: expect.objectContaining({
          kind: 'fulfil',
          providerReference: transactionId,
          checkoutReference: checkoutId,
          amount: '1344.00',
        }),
      },
    ]);
  });

  it('shows the total trimmed when asked, and the hash still covers 1344.00', async () => {
    const { transactionId } = await open();
    const { body } = await sandbox.control(`/sessions/${transactionId}/approve`, {
      followRedirect: true,
      trimTotal: true,
    });
    expect((body.query as Record<string, string>).total).toBe('1344');
    expect(sandbox.received[0]?.event).toMatchObject({ kind: 'fulfil', amount: '1344.00' });
  });

  it.each([
    ['decline', 'failed'],
    ['error', 'error'],
  ])(
    '%s: status %s without a hash, nothing applied, the browser goes to the cancel page',
    async (action, status) => {
      const { checkoutId, transactionId } = await open('19.99');
      const { body } = await sandbox.control(`/sessions/${transactionId}/${action}`, {
        followRedirect: true,
      });
      const query = body.query as Record<string, string>;
      expect(query).toMatchObject({ status, transaction_id: transactionId, total: '19.99' });
      expect(query).not.toHaveProperty('hash');
      expect(sandbox.received).toEqual([{ status: 302, nothingApplied: checkoutId }]);
    },
  );

  it('returns the URL without visiting it unless asked (the customer closed the tab)', async () => {
    const { transactionId } = await open();
    const { body } = await sandbox.control(`/sessions/${transactionId}/approve`);
    expect(body.responseUrl).toEqual(expect.stringContaining('hash='));
    expect(body.visits).toBeUndefined();
    expect(sandbox.received).toHaveLength(0);
  });

  it('answers 409 once finished, 404 for unknown actions or sessions', async () => {
    const { transactionId } = await open();
    await sandbox.control(`/sessions/${transactionId}/approve`);
    expect((await sandbox.control(`/sessions/${transactionId}/decline`)).status).toBe(409);
    expect((await sandbox.control(`/sessions/${transactionId}/toString`)).status).toBe(404);
    expect((await sandbox.control('/sessions/SB-0-0-none/approve')).status).toBe(404);
  });
});

describe('fee_structure: the redirect shows the final total, the hash covers the requested one', () => {
  // TT BASIC FREE: 3.50 % + USD 0.25 (TTD 1.70). 1344.00 → fee 47.04 + 1.70 = 48.74.
  it.each([
    ['customer_pay', '1392.74'],
    ['split', '1368.37'],
    ['merchant_absorb', '1344.00'],
  ] as const)('%s: total %s, still verified and fulfilled for 1344.00', async (feeStructure, total) => {
    const { checkoutId, transactionId } = await open('1344', false, feeStructure);
    expect(sandbox.sim.sessions.get(transactionId)).toMatchObject({ feeStructure, finalTotal: total });
    const { body } = await sandbox.control(`/sessions/${transactionId}/approve`, { followRedirect: true });
    const query = body.query as Record<string, string>;
    expect(query.total).toBe(total);
    expect(query.hash).toBe(md5(`${transactionId}1344.00${WIPAY_API_KEY}`));
    expect(sandbox.received).toEqual([
      {
        status: 302,
        event: expect.objectContaining({ kind: 'fulfil', checkoutReference: checkoutId, amount: '1344.00' }),
      },
    ]);
  });

  it("USD on TT: the fixed part is USD 0.25, so WiPay's 10.00 becomes 10.60 under customer_pay", async () => {
    const input = { ...wipaySessionInput(sandbox, `S${++sequence}`, '10.00'), currency: 'USD' };
    const created = await sandbox.adapter({}, { feeStructure: 'customer_pay' }).createSession(input);
    expect(sandbox.sim.sessions.get(created.providerReference)?.finalTotal).toBe('10.60');
  });
});

describe('redirect shaping', () => {
  it('bad signature: the gateway rejects it', async () => {
    const { transactionId } = await open();
    await sandbox.control(`/sessions/${transactionId}/approve`, {
      followRedirect: true,
      delivery: { badSignature: true },
    });
    expect(sandbox.received.map((r) => r.status)).toEqual([401]);
  });

  it('copies (a refresh): the same event id each time', async () => {
    const { transactionId } = await open();
    await sandbox.control('/redirects/next', { copies: 2 });
    await sandbox.control(`/sessions/${transactionId}/approve`, { followRedirect: true });
    expect(sandbox.received).toHaveLength(2);
    expect(sandbox.received[0]?.event?.eventId).toBe(sandbox.received[1]?.event?.eventId);
  });

  it('drop, then hold and release; delay arrives later', async () => {
    const a = await open();
    await sandbox.control(`/sessions/${a.transactionId}/approve`, {
      followRedirect: true,
      delivery: { drop: true },
    });
    const b = await open();
    await sandbox.control(`/sessions/${b.transactionId}/approve`, {
      followRedirect: true,
      delivery: { hold: true },
    });
    expect(sandbox.received).toHaveLength(0);
    expect((await sandbox.control('/redirects/release')).body).toEqual({ released: 1 });
    await sandbox.sim.browser.idle();
    const c = await open();
    await sandbox.control(`/sessions/${c.transactionId}/approve`, {
      followRedirect: true,
      delivery: { delayMs: 50 },
    });
    await sandbox.sim.browser.idle();
    expect(sandbox.received.map((r) => r.event?.providerReference)).toEqual([
      b.transactionId,
      c.transactionId,
    ]);
  });
});

describe('expiry (3 minutes, 5 with AVS)', () => {
  it('takes a payment up to 3 minutes, then answers timeout', async () => {
    const { transactionId } = await open();
    clock = minutes(3);
    expect((await fetch(`${sandbox.config.apiUrl}/checkout/${transactionId}`)).status).toBe(200);
    clock = new Date(minutes(3).getTime() + 1);
    expect((await fetch(`${sandbox.config.apiUrl}/checkout/${transactionId}`)).status).toBe(410);
    const late = await sandbox.control(`/sessions/${transactionId}/approve`, { followRedirect: true });
    expect(late).toEqual({
      status: 410,
      body: { error: 'session expired', status: 'timeout', transactionId },
    });
    expect(sandbox.received).toHaveLength(0);
  });

  it('gives AVS sessions 5 minutes', async () => {
    const early = await open('10', true);
    const late = await open('10', true);
    clock = minutes(4);
    expect((await sandbox.control(`/sessions/${early.transactionId}/approve`)).status).toBe(200);
    clock = new Date(minutes(5).getTime() + 1);
    expect((await sandbox.control(`/sessions/${late.transactionId}/approve`)).status).toBe(410);
  });

  it('lets a customer who left come back within the window', async () => {
    const { transactionId } = await open();
    expect((await sandbox.control(`/sessions/${transactionId}/abandon`)).body).toMatchObject({
      state: 'abandoned',
    });
    clock = minutes(2);
    expect((await sandbox.control(`/sessions/${transactionId}/approve`)).body).toMatchObject({
      state: 'success',
    });
  });
});
