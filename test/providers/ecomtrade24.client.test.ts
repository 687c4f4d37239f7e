// Ecomtrade24 config, merchant API client and smart-routing check, against the simulator over real HTTP.
import express from 'express';
import {
  checkEcomtrade24Method,
  createEcomtrade24Adapter,
  loadEcomtrade24Config,
  type Ecomtrade24Config,
} from '../../src/providers/ecomtrade24';
import { buildSessionRequest } from '../../src/providers/ecomtrade24/client';
import { ProviderError, UnreadableSuccessError } from '../../src/providers/errors';
import type { CreateSessionInput } from '../../src/providers/types';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import { createEcomtrade24Simulator, type Ecomtrade24Simulator } from '../../src/sandbox/ecomtrade24';

const apiKey = 'et24-Api-Key-5d1e';
const webhookSecret = 'et24-webhook-secret';
const domain = 'merchant-store.example';
let clock = new Date('2025-01-01T12:00:00.250Z');

function input(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    checkoutId: 'chk_1',
    merchantOrderId: 'ORDER-10001',
    amount: '49.95',
    currency: 'USD',
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'buyer@example.com' },
    returnUrl: 'https://merchant-store.example/success',
    cancelUrl: 'https://merchant-store.example/cancel',
    callbacks: { webhookUrl: 'https://gw.example/webhooks/ecomtrade24', redirectUrl: 'https://gw.example/r' },
    ...overrides,
  };
}

describe('loadEcomtrade24Config', () => {
  const full = {
    ECOMTRADE24_API_URL: 'https://pay.example',
    ECOMTRADE24_API_KEY: 'key-secret-value',
    ECOMTRADE24_WEBHOOK_SECRET: 'whsec-secret-value',
    ECOMTRADE24_DOMAIN: domain,
  };
  it('is disabled without credentials', () => {
    expect(loadEcomtrade24Config({ ECOMTRADE24_API_URL: 'https://pay.example' })).toBeUndefined();
  });
  it('parses a full set', () => {
    expect(loadEcomtrade24Config(full)).toEqual({
      apiUrl: 'https://pay.example',
      apiKey: 'key-secret-value',
      webhookSecret: 'whsec-secret-value',
      domain,
    });
  });
  it.each([
    [{ ECOMTRADE24_API_URL: undefined }, 'ECOMTRADE24_API_URL'],
    [{ ECOMTRADE24_DOMAIN: 'https://merchant-store.example/' }, 'ECOMTRADE24_DOMAIN'],
    [{ ECOMTRADE24_WEBHOOK_SECRET: '' }, 'ECOMTRADE24_WEBHOOK_SECRET'],
  ])('names the malformed variable %p without echoing secrets', (patch, name) => {
    expect(() => loadEcomtrade24Config({ ...full, ...patch })).toThrow(name);
    expect(() => loadEcomtrade24Config({ ...full, ...patch })).not.toThrow(/secret-value/);
  });
});

describe('Ecomtrade24 merchant API client', () => {
  let server: LocalServer;
  let hosted: Ecomtrade24Simulator;
  let smart: Ecomtrade24Simulator;
  let iso: Ecomtrade24Simulator;
  let config: Ecomtrade24Config;
  let smartConfig: Ecomtrade24Config;

  beforeAll(async () => {
    const host = express();
    server = await listenLocal(host);
    const common = { apiKey, webhookSecret, domain, now: () => clock };
    hosted = createEcomtrade24Simulator({ baseUrl: `${server.url}/hosted`, ...common });
    smart = createEcomtrade24Simulator({
      baseUrl: `${server.url}/smart`,
      ...common,
      integrationMode: 'smart_routing',
      methods: ['card', 'paypal'],
    });
    iso = createEcomtrade24Simulator({ baseUrl: `${server.url}/iso`, ...common, expiresAtForm: 'iso8601' });
    host.use('/hosted', hosted.app);
    host.use('/iso', iso.app);
    host.use('/smart', smart.app);
    host.get(
      '/refusing/gateway/status.php',
      (_req, res) => void res.json({ ok: false, error: 'session_locked' }),
    );
    config = { apiUrl: hosted.apiUrl, apiKey, webhookSecret, domain };
    smartConfig = { ...config, apiUrl: smart.apiUrl };
  });
  afterAll(() => server.close());
  afterEach(() => hosted.faults.clear());

  async function failure(promise: Promise<unknown>): Promise<ProviderError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
    expect(err.message).not.toContain(apiKey);
    return err;
  }

  it('builds the documented body: amount string, our checkout id, never provider', () => {
    expect(buildSessionRequest(config, input({ amount: '50' }))).toEqual({
      domain,
      amount: '50.00',
      currency: 'USD',
      order_id: 'chk_1',
      return_url: 'https://merchant-store.example/success',
      cancel_url: 'https://merchant-store.example/cancel',
      customer_email: 'buyer@example.com',
    });
  });

  it('creates a hosted session with an ISO expiry, then reads its status as the buyer acts', async () => {
    const adapter = createEcomtrade24Adapter(config);
    const session = await adapter.createSession(input({ options: { method: 'card' } }));
    expect(session.redirectUrl).toBe(`${server.url}/hosted/checkout/${session.providerReference}`);
    expect(session.expiresAt).toBe('2025-01-01T12:30:00.000Z');
    expect(hosted.sessions.get(session.providerReference)).toMatchObject({
      orderId: 'chk_1',
      amount: '49.95',
      method: undefined,
    });
    expect(await adapter.readStatus?.(session.providerReference)).toEqual({
      providerReference: session.providerReference,
      rawStatus: 'pending',
      kind: 'wait',
      amount: '49.95',
      currency: 'USD',
    });
    await fetch(`${server.url}/hosted/_sandbox/sessions/${session.providerReference}/approve`, {
      method: 'POST',
    });
    expect(await adapter.readStatus?.(session.providerReference)).toMatchObject({
      rawStatus: 'paid',
      kind: 'fulfil',
    });
  });

  it('reads an ISO 8601 expires_at with a zone, on create and on status', async () => {
    const adapter = createEcomtrade24Adapter({ ...config, apiUrl: iso.apiUrl });
    const session = await adapter.createSession(input({ amount: '12' }));
    const expected = new Date(Math.floor(clock.getTime() / 1000) * 1000 + 30 * 60_000).toISOString();
    expect(session.expiresAt).toBe(expected);
    expect(iso.sessions.get(session.providerReference)?.expiresAt).toBe(expected);
    expect(await adapter.readStatus?.(session.providerReference)).toEqual({
      providerReference: session.providerReference,
      rawStatus: 'pending',
      kind: 'wait',
      amount: '12.00',
      currency: 'USD',
    });
  });

  const created = (extra: Record<string, unknown>) => ({
    ok: true,
    session_id: 12345,
    checkout_url: 'https://pay.example/pay.php?session=12345',
    expires_at: '2025-01-01 12:30:00',
    ...extra,
  });

  it.each([
    ['2025-01-01 12:30:00', '2025-01-01T12:30:00.000Z'],
    ['2025-01-01T12:30:00Z', '2025-01-01T12:30:00.000Z'],
    ['2025-01-01T14:30:00+02:00', '2025-01-01T12:30:00.000Z'],
    ['2025-01-01T07:00:00.25-0530', '2025-01-01T12:30:00.250Z'],
    ['2024-12-31T23:59:59-13:00', '2025-01-01T12:59:59.000Z'],
  ])('reads expires_at %s as %s', async (expiresAt, iso8601) => {
    hosted.faults.add({
      operation: 'create',
      status: 200,
      body: created({ expires_at: expiresAt }),
      times: 1,
    });
    const session = await createEcomtrade24Adapter(config).createSession(input());
    expect([session.providerReference, session.expiresAt]).toEqual(['12345', iso8601]);
  });

  it('reports an amount and currency that the create answer names', async () => {
    hosted.faults.add({
      operation: 'create',
      status: 200,
      body: created({ amount: 49.9, currency: 'usd' }),
      times: 1,
    });
    expect(await createEcomtrade24Adapter(config).createSession(input())).toMatchObject({
      amount: '49.90',
      currency: 'USD',
    });
  });

  it.each([
    ['an ISO time without a zone', '2025-01-01T12:30:00'],
    ['an impossible date', '2025-02-30 12:30:00'],
    ['hour 24', '2025-01-01 24:00:00'],
    ['an offset beyond 14 hours', '2025-01-01T12:30:00+15:00'],
    ['a unix timestamp', '1735734600'],
  ])('treats a 200 whose expires_at is %s as unreadable and permanent', async (_what, expiresAt) => {
    hosted.faults.add({
      operation: 'create',
      status: 200,
      body: created({ expires_at: expiresAt }),
      times: 1,
    });
    const err = await failure(createEcomtrade24Adapter(config).createSession(input()));
    expect(err).toBeInstanceOf(UnreadableSuccessError);
    expect([err.transient, err.httpStatus]).toEqual([false, 200]);
    expect(err.message).not.toContain(expiresAt);
  });

  it('reads a pending session past its expiry as expired', async () => {
    const adapter = createEcomtrade24Adapter(config);
    const session = await adapter.createSession(input());
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect(await adapter.readStatus?.(session.providerReference)).toMatchObject({
      rawStatus: 'expired',
      kind: 'cancel',
    });
  });

  it('checks the buyer method against me.php for the gateway', async () => {
    expect(await checkEcomtrade24Method(config, 'card')).toMatchObject({
      allowed: true,
      integrationMode: 'hosted_checkout',
      method: undefined,
    });
    expect(await checkEcomtrade24Method(smartConfig, 'paypal')).toMatchObject({
      allowed: true,
      method: 'paypal',
    });
    expect(await checkEcomtrade24Method(smartConfig, 'crypto')).toMatchObject({
      allowed: false,
      methods: ['card', 'paypal'],
    });
  });

  it('sends the chosen method to a smart-routing package and refuses one it does not offer', async () => {
    const adapter = createEcomtrade24Adapter(smartConfig);
    const session = await adapter.createSession(input({ options: { method: 'paypal' } }));
    expect(smart.sessions.get(session.providerReference)?.method).toBe('paypal');
    const before = smart.sessions.size;
    const err = await failure(adapter.createSession(input({ options: { method: 'crypto' } })));
    expect(err.transient).toBe(false);
    expect(smart.sessions.size).toBe(before);
  });

  it('answers a domain that is not exact with a permanent 403 and the reason', async () => {
    const err = await failure(
      createEcomtrade24Adapter({ ...config, domain: 'www.merchant-store.example' }).createSession(input()),
    );
    expect([err.transient, err.httpStatus]).toEqual([false, 403]);
    expect(err.message).toContain('domain_not_allowed: Domain does not match the approved domain');
  });

  it('answers a wrong key with a permanent 401 and an unknown session with a permanent 404', async () => {
    const err = await failure(
      createEcomtrade24Adapter({ ...config, apiKey: 'wrong' }).createSession(input()),
    );
    expect([err.transient, err.httpStatus]).toEqual([false, 401]);
    const missing = await failure(Promise.resolve(createEcomtrade24Adapter(config).readStatus?.('cs_nope')));
    expect([missing.transient, missing.httpStatus, missing.message.includes('not_found')]).toEqual([
      false,
      404,
      true,
    ]);
  });

  it('treats {ok:false} on a 200 as a permanent refusal', async () => {
    const err = await failure(
      Promise.resolve(
        createEcomtrade24Adapter({ ...config, apiUrl: `${server.url}/refusing` }).readStatus?.('cs_1'),
      ),
    );
    expect([err.transient, err.message.includes('session_locked')]).toEqual([false, true]);
  });

  it.each(['create', 'status', 'me'])('classifies a 5xx on %s as transient', async (operation) => {
    const adapter = createEcomtrade24Adapter(config);
    hosted.faults.add({ operation, status: 503, times: 1 });
    const call =
      operation === 'me'
        ? checkEcomtrade24Method(config, 'card')
        : operation === 'create'
          ? adapter.createSession(input())
          : Promise.resolve(adapter.readStatus?.('cs_1'));
    const err = await failure(call);
    expect([err.transient, err.httpStatus]).toEqual([true, 503]);
  });

  it('classifies a timeout and a refused connection as transient', async () => {
    hosted.faults.add({ operation: 'create', delayMs: 400, times: 1 });
    const timeout = await failure(
      createEcomtrade24Adapter(config, { timeoutMs: 100 }).createSession(input()),
    );
    expect([timeout.transient, timeout.message.includes('timed out')]).toEqual([true, true]);
    const closed = await listenLocal(express());
    await closed.close();
    const refused = await failure(
      createEcomtrade24Adapter({ ...config, apiUrl: closed.url }).createSession(input()),
    );
    expect([refused.transient, refused.message.includes('connection failed')]).toEqual([true, true]);
  });
});
