// WeGetFinancing config and Create Request client, against the simulator over real HTTP.
import express from 'express';
import { ProviderError, UnreadableSuccessError } from '../../src/providers/errors';
import {
  createWeGetFinancingAdapter,
  loadWeGetFinancingConfig,
  type WeGetFinancingConfig,
} from '../../src/providers/wegetfinancing';
import { buildCreateRequest } from '../../src/providers/wegetfinancing/client';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import {
  createWeGetFinancingSimulator,
  type WeGetFinancingSimulator,
} from '../../src/sandbox/wegetfinancing';
import { wgfSessionInput } from './support/wegetfinancing-input';

const credentials = { merchantId: 'merchant-42', username: 'wgf_user', password: 'wgf-Secret-Pa55' };

const input = wgfSessionInput;

describe('loadWeGetFinancingConfig', () => {
  const full = { WGF_MERCHANT_ID: 'm1', WGF_USERNAME: 'u', WGF_PASSWORD: 'super-secret-value' };

  it('is disabled when no credential is set, or all are blank', () => {
    expect(loadWeGetFinancingConfig({})).toBeUndefined();
    expect(
      loadWeGetFinancingConfig({ WGF_MERCHANT_ID: ' ', WGF_USERNAME: '', WGF_API_URL: 'https://x' }),
    ).toBeUndefined();
  });

  it('parses a full set with defaults', () => {
    expect(loadWeGetFinancingConfig(full)).toEqual({
      apiUrl: 'https://api.sandbox.wegetfinancing.com',
      merchantId: 'm1',
      username: 'u',
      password: 'super-secret-value',
      signatureToleranceSeconds: 300,
    });
    expect(
      loadWeGetFinancingConfig({ ...full, WGF_SIGNATURE_TOLERANCE_SECONDS: '60' })?.signatureToleranceSeconds,
    ).toBe(60);
  });

  it.each([
    [{ WGF_API_URL: 'not a url' }, 'WGF_API_URL'],
    [{ WGF_SIGNATURE_TOLERANCE_SECONDS: 'soon' }, 'WGF_SIGNATURE_TOLERANCE_SECONDS'],
    [{ WGF_MERCHANT_ID: 'a/b' }, 'WGF_MERCHANT_ID'],
    [{ WGF_PASSWORD: undefined }, 'WGF_PASSWORD'],
  ])('names the malformed variable %p without echoing secrets', (patch, name) => {
    expect(() => loadWeGetFinancingConfig({ ...full, ...patch })).toThrow(name);
    expect(() => loadWeGetFinancingConfig({ ...full, ...patch })).not.toThrow('super-secret-value');
  });
});

describe('WeGetFinancing create request', () => {
  let server: LocalServer;
  let host: express.Express;
  let sim: WeGetFinancingSimulator;
  let config: WeGetFinancingConfig;

  beforeAll(async () => {
    host = express();
    server = await listenLocal(host);
    sim = createWeGetFinancingSimulator({ baseUrl: `${server.url}/wegetfinancing`, ...credentials });
    host.use('/wegetfinancing', sim.app);
    config = { apiUrl: sim.apiUrl, ...credentials, signatureToleranceSeconds: 300 };
  });
  afterAll(() => server.close());
  afterEach(() => sim.faults.clear());

  const adapter = (overrides: Partial<WeGetFinancingConfig> = {}, timeoutMs?: number) =>
    createWeGetFinancingAdapter({ ...config, ...overrides }, { timeoutMs });

  async function failure(promise: Promise<unknown>): Promise<ProviderError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
    expect(err.message).not.toContain(credentials.password);
    expect(err.message).not.toContain(
      Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
    );
    return err;
  }

  it('sends 2-decimal strings, version 1.9 and our checkout id', () => {
    expect(buildCreateRequest(input())).toMatchObject({
      amount: '1344.00',
      cart_items: [
        { sku: 'SKU-1', display_name: 'Sofa', unit_price: '1300.50', quantity: 1, unit_tax: '43.50' },
      ],
      version: '1.9',
      merchant_transaction_id: 'chk_001',
      postback_url: 'https://gw.example/webhooks/wegetfinancing',
      success_url: 'https://shop.example/thanks',
      failure_url: 'https://shop.example/cart',
    });
  });

  it('creates a request and hands back the application URL', async () => {
    const session = await adapter().createSession(input());
    expect(session.providerReference).toMatch(/^[0-9a-f]{32}$/);
    expect(session.redirectUrl).toBe(`${server.url}/wegetfinancing/application/${session.providerReference}`);
    expect(sim.requests.get(session.providerReference)).toMatchObject({
      merchantTransactionId: 'chk_001',
      amount: '1344.00',
      postbackUrl: 'https://gw.example/webhooks/wegetfinancing',
      state: 'pending',
    });
    const page = await fetch(session.redirectUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('1344.00');
  });

  it('reports the amount the create answer names, as a 2-decimal string', async () => {
    const session = await adapter().createSession(input({ amount: '1299.9', items: undefined }));
    expect(session).toMatchObject({ amount: '1299.90' });
    expect(session.currency).toBeUndefined();
  });

  it("accepts the integration guide's answer {href, request_token} in place of inv_id", async () => {
    const guide = createWeGetFinancingSimulator({
      baseUrl: `${server.url}/wgf-guide`,
      ...credentials,
      createAnswer: 'request_token',
    });
    host.use('/wgf-guide', guide.app);
    const session = await adapter({ apiUrl: guide.apiUrl }).createSession(input());
    expect(session.providerReference).toMatch(/^[0-9a-f]{32}$/);
    expect(guide.requests.get(session.providerReference)).toMatchObject({ merchantTransactionId: 'chk_001' });
    expect(session.redirectUrl).toBe(`${server.url}/wgf-guide/application/${session.providerReference}`);
    // The guide's answer carries no amount: nothing is made up in its place.
    expect(session.amount).toBeUndefined();
  });

  it.each([
    [
      { inv_id: 'tok-1', href: 'https://wgf.example/app/1', amount: 1344, currency: 'usd' },
      'tok-1',
      '1344.00',
      'USD',
    ],
    [
      { inv_id: 'tok-2', request_token: 'tok-2', href: 'https://wgf.example/app/2' },
      'tok-2',
      undefined,
      undefined,
    ],
  ])('reads the create answer %j', async (body, token, amount, currency) => {
    sim.faults.add({ operation: 'create', status: 200, body, times: 1 });
    expect(await adapter().createSession(input())).toEqual({
      providerReference: token,
      redirectUrl: body.href,
      amount,
      currency,
    });
  });

  it.each([
    ['names no request token', { href: 'https://wgf.example/app/1', amount: '1344.00' }],
    [
      'names two different tokens',
      { inv_id: 'tok-1', request_token: 'tok-2', href: 'https://wgf.example/a' },
    ],
    [
      'has an amount with three decimals',
      { inv_id: 'tok-1', href: 'https://wgf.example/a', amount: '1344.001' },
    ],
  ])('treats a 200 that %s as unreadable and permanent', async (_what, body) => {
    sim.faults.add({ operation: 'create', status: 200, body, times: 1 });
    const err = await failure(adapter().createSession(input()));
    expect(err).toBeInstanceOf(UnreadableSuccessError);
    expect([err.transient, err.httpStatus]).toEqual([false, 200]);
    expect(err.message).toContain('its answer could not be read');
    expect(err.message).not.toContain('tok-');
  });

  it('surfaces validation reasons as a permanent error', async () => {
    const customer = { ...input().customer, lastName: 'L' };
    const err = await failure(adapter().createSession(input({ customer })));
    expect(err.transient).toBe(false);
    expect(err.httpStatus).toBe(400);
    expect(err.message).toContain('last_name: must be at least 2 characters');
  });

  it('rejects a state that is not 2 letters', async () => {
    const billingAddress = {
      street1: '1 Main St',
      city: 'Austin',
      state: 'Texas',
      zipcode: '73301',
      country: 'US',
    };
    const err = await failure(
      adapter().createSession(input({ customer: { ...input().customer, billingAddress } })),
    );
    expect(err.message).toContain('billing_address.state');
  });

  it('answers wrong credentials with a permanent 401', async () => {
    const err = await failure(adapter({ password: 'wrong-password' }).createSession(input()));
    expect([err.transient, err.httpStatus]).toEqual([false, 401]);
    expect(err.message).toContain('Invalid API credentials');
  });

  it('answers an unknown merchant id with a permanent 403', async () => {
    const err = await failure(adapter({ merchantId: 'someone-else' }).createSession(input()));
    expect([err.transient, err.httpStatus]).toEqual([false, 403]);
  });

  it('classifies a 500 as transient, and the next call succeeds', async () => {
    sim.faults.add({ operation: 'create', status: 500, times: 1 });
    const err = await failure(adapter().createSession(input()));
    expect([err.transient, err.httpStatus]).toEqual([true, 500]);
    expect(err.message).toContain('Simulated failure');
    await expect(adapter().createSession(input())).resolves.toHaveProperty('providerReference');
  });

  it('keeps a provider-supplied 4xx reason', async () => {
    const body = {
      type: 'error',
      error: 'no_lender',
      message: 'No lender for amount',
      code: 4022,
      reasons: { amount: 'too large' },
    };
    sim.faults.add({ operation: 'create', status: 422, body, times: 1 });
    const err = await failure(adapter().createSession(input()));
    expect(err.transient).toBe(false);
    expect(err.message).toContain('4022 no_lender: No lender for amount (amount: too large)');
  });

  it('classifies a timeout as transient', async () => {
    sim.faults.add({ operation: 'create', delayMs: 400, times: 1 });
    const err = await failure(adapter({}, 100).createSession(input()));
    expect(err.transient).toBe(true);
    expect(err.message).toContain('timed out');
  });

  it('classifies connection refused as transient', async () => {
    const closed = await listenLocal(express());
    await closed.close();
    const err = await failure(adapter({ apiUrl: closed.url }).createSession(input()));
    expect(err.transient).toBe(true);
    expect(err.message).toContain('connection failed');
  });

  it('refuses what WeGetFinancing cannot take before calling it', async () => {
    const noAddress = { ...input().customer, billingAddress: undefined };
    expect((await failure(adapter().createSession(input({ currency: 'EUR' })))).transient).toBe(false);
    expect((await failure(adapter().createSession(input({ customer: noAddress })))).transient).toBe(false);
    expect((await failure(adapter().createSession(input({ amount: '12.345' })))).message).toContain('amount');
  });
});
