// The WiPay adapter against the WiPay simulator over real HTTP on 127.0.0.1.
import type { WipaySandbox } from '../fixtures/wipay-sandbox';
import {
  WIPAY_ACCOUNT,
  WIPAY_API_KEY,
  startWipaySandbox,
  wipaySessionInput,
} from '../fixtures/wipay-sandbox';
import { providerRejection, refusedUrl } from '../fixtures/provider-errors';

const NOW = new Date('2030-01-01T12:00:00.000Z');
let sandbox: WipaySandbox;

beforeAll(async () => {
  sandbox = await startWipaySandbox({ now: () => NOW });
});
afterAll(() => sandbox.close());

let sequence = 0;
const session = (amount = '1344', avs = false) => wipaySessionInput(sandbox, `W${++sequence}`, amount, avs);

const rejection = (work: Promise<unknown>) => providerRejection(work, [WIPAY_API_KEY]);

describe('create', () => {
  it.each([
    ['0.10', '0.10'],
    ['19.99', '19.99'],
    ['1344', '1344.00'],
    ['999999.99', '999999.99'],
  ])('opens a hosted session for %s (sent as %s)', async (amount, sent) => {
    const input = session(amount);
    const created = await sandbox.adapter({ now: () => NOW }).createSession(input);
    expect(created.providerReference).toMatch(new RegExp(`^SB-\\d+-1-${input.checkoutId}-20300101120000$`));
    expect(created.redirectUrl).toBe(`${sandbox.config.apiUrl}/checkout/${created.providerReference}`);
    expect(created.expiresAt).toBe('2030-01-01T12:03:00.000Z');
    expect(sandbox.sim.sessions.get(created.providerReference)).toMatchObject({
      orderId: input.checkoutId,
      total: sent,
      currency: 'TTD',
      responseUrl: input.callbacks.redirectUrl,
      countryCode: 'TT',
      avs: false,
    });
    expect((await fetch(created.redirectUrl)).status).toBe(200);
  });

  it('gives an AVS session 5 minutes', async () => {
    const created = await sandbox.adapter({ now: () => NOW }).createSession(session('10', true));
    expect(created.expiresAt).toBe('2030-01-01T12:05:00.000Z');
    expect(sandbox.sim.sessions.get(created.providerReference)?.avs).toBe(true);
  });
});

describe('error classes', () => {
  it('4xx (unknown account): permanent, with WiPay’s reason', async () => {
    const err = await rejection(sandbox.adapter({}, { accountNumber: '999' }).createSession(session()));
    expect(err).toMatchObject({ transient: false, httpStatus: 422, name: 'PermanentProviderError' });
    expect(err.message).toContain('account_number: Unknown merchant account.');
  });

  it('4xx (wrong environment): permanent', async () => {
    const err = await rejection(sandbox.adapter({}, { environment: 'live' }).createSession(session()));
    expect(err).toMatchObject({ transient: false, httpStatus: 422 });
    expect(err.message).toContain('environment');
  });

  it('an order id WiPay would refuse fails before any call, permanently', async () => {
    const err = await rejection(sandbox.adapter().createSession({ ...session(), checkoutId: 'bad id_' }));
    expect(err).toMatchObject({ transient: false });
  });

  it.each([500, 502, 503])('%d: transient', async (status) => {
    await sandbox.control('/faults', { operation: 'create', status });
    const err = await rejection(sandbox.adapter().createSession(session()));
    expect(err).toMatchObject({ transient: true, httpStatus: status, name: 'TransientProviderError' });
  });

  it('timeout: transient', async () => {
    await sandbox.control('/faults', { operation: 'create', delayMs: 400, status: 500 });
    const err = await rejection(sandbox.adapter({ timeoutMs: 100 }).createSession(session()));
    expect(err.transient).toBe(true);
    expect(err.message).toContain('timed out');
  });

  it('connection refused: transient', async () => {
    const err = await rejection(sandbox.adapter({}, { apiUrl: await refusedUrl() }).createSession(session()));
    expect(err.transient).toBe(true);
    expect(err.message).toContain('connection failed');
  });
});

describe('simulator validation of the payment request', () => {
  const valid: Record<string, string> = {
    account_number: WIPAY_ACCOUNT,
    country_code: 'TT',
    currency: 'TTD',
    environment: 'sandbox',
    fee_structure: 'merchant_absorb',
    method: 'credit_card_co',
    order_id: 'ORD-1',
    origin: 'tests',
    response_url: 'https://gw.example/webhooks/wipay',
    total: '1344.00',
  };
  const post = (form: Record<string, string>, accept = 'application/json') =>
    fetch(`${sandbox.config.apiUrl}/plugins/payments/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });

  it.each([
    ['total', '1344'],
    ['total', '13.4'],
    ['total', '1.234'],
    ['order_id', '-ORD'],
    ['order_id', 'ORD_'],
    ['order_id', 'ORD 1'],
    ['response_url', `https://gw.example/${'r'.repeat(250)}`],
    ['fee_structure', 'free'],
    ['method', 'paypal'],
    ['avs', 'yes'],
    // Documented as upper case, `^[A-Z]{2}$`, one of WiPay's platforms.
    ['country_code', 'tt'],
    ['country_code', 'US'],
    ['country_code', 'TTO'],
    // Documented as 1–32 characters of [A-Za-z0-9_-], not starting or ending with - or _.
    ['origin', `app-${'x'.repeat(29)}`],
    ['origin', '-app'],
    ['origin', 'my app'],
  ])('refuses %s = %j with 422', async (field, value) => {
    const response = await post({ ...valid, [field]: value });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(body.errors)).toEqual([field]);
  });

  it('names every missing required field', async () => {
    const response = await post({});
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(body.errors).sort()).toEqual(Object.keys(valid).sort());
  });

  it('takes an origin of exactly 32 characters', async () => {
    expect((await post({ ...valid, origin: `app-${'x'.repeat(28)}` })).status).toBe(200);
  });

  it('redirects a browser form post to the hosted page', async () => {
    const response = await post(valid, 'text/html');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${sandbox.config.apiUrl}/checkout/SB-`));
  });
});
