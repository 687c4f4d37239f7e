// iwocaPay config and order client, against the simulator over real HTTP.
import { createHmac } from 'node:crypto';
import express from 'express';
import { ProviderError } from '../../src/providers/errors';
import {
  createIwocaPayAdapter,
  describeIwocaPayError,
  isDuplicateReferenceRefusal,
  loadIwocaPayConfig,
  type IwocaPayConfig,
} from '../../src/providers/iwocapay';
import { buildCreateOrderRequest } from '../../src/providers/iwocapay/client';
import type { CreateSessionInput, ProviderAdapter } from '../../src/providers/types';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import { createIwocaPaySimulator, type IwocaPaySimulator } from '../../src/sandbox/iwocapay';

const supplierUuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const accessToken = 'iwoca-Access-Token-7f3a9c';
let checkouts = 0;

function input(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    checkoutId: `chk_${++checkouts}`,
    merchantOrderId: 'order-1',
    amount: '49.95',
    currency: 'GBP',
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    returnUrl: 'https://shop.example/back',
    cancelUrl: 'https://shop.example/cart',
    options: { allowedPaymentTerms: ['PAY_LATER'] },
    callbacks: { webhookUrl: 'https://gw.example/webhooks/iwocapay', redirectUrl: 'https://gw.example/r' },
    ...overrides,
  };
}

describe('loadIwocaPayConfig', () => {
  const full = { IWOCAPAY_SUPPLIER_UUID: supplierUuid, IWOCAPAY_ACCESS_TOKEN: 'tok-secret-value' };

  it('is disabled without credentials', () => {
    expect(loadIwocaPayConfig({})).toBeUndefined();
    expect(
      loadIwocaPayConfig({ IWOCAPAY_BASE_URL: 'https://x.example/', IWOCAPAY_ACCESS_TOKEN: '' }),
    ).toBeUndefined();
  });

  it('parses a full set, defaulting to the staging site', () => {
    expect(loadIwocaPayConfig(full)).toEqual({
      baseUrl: 'https://stage.iwoca-dev.co.uk/',
      supplierUuid,
      accessToken: 'tok-secret-value',
    });
  });

  it.each([
    [{ IWOCAPAY_BASE_URL: 'https://www.iwoca.co.uk' }, 'https://www.iwoca.co.uk/'],
    // The older setting named the /api/lending/edge/ prefix: it still works, as its site.
    [{ IWOCAPAY_API_URL: 'https://www.iwoca.co.uk/api/lending/edge/' }, 'https://www.iwoca.co.uk/'],
    [{ IWOCAPAY_API_URL: 'http://127.0.0.1:9/iwocapay/api/lending/edge' }, 'http://127.0.0.1:9/iwocapay/'],
    [
      {
        IWOCAPAY_BASE_URL: 'https://www.iwoca.co.uk/',
        IWOCAPAY_API_URL: 'https://www.iwoca.co.uk/api/lending/edge/',
      },
      'https://www.iwoca.co.uk/',
    ],
  ])('reads the site from %p', (patch, baseUrl) => {
    expect(loadIwocaPayConfig({ ...full, ...patch })?.baseUrl).toBe(baseUrl);
  });

  it.each([
    [{ IWOCAPAY_BASE_URL: 'stage.iwoca-dev.co.uk' }, 'IWOCAPAY_BASE_URL'],
    [
      { IWOCAPAY_BASE_URL: 'https://www.iwoca.co.uk/api/iwocapay/' },
      'IWOCAPAY_BASE_URL: must be the iwocaPay site',
    ],
    [
      { IWOCAPAY_API_URL: 'https://www.iwoca.co.uk/api/iwocapay/' },
      'IWOCAPAY_API_URL: must end with /api/lending/edge/',
    ],
    [
      {
        IWOCAPAY_BASE_URL: 'https://www.iwoca.co.uk/',
        IWOCAPAY_API_URL: 'https://stage.iwoca-dev.co.uk/api/lending/edge/',
      },
      'IWOCAPAY_BASE_URL: names another site than IWOCAPAY_API_URL',
    ],
    [{ IWOCAPAY_SUPPLIER_UUID: 'uuid' }, 'IWOCAPAY_SUPPLIER_UUID'],
    [{ IWOCAPAY_ACCESS_TOKEN: undefined }, 'IWOCAPAY_ACCESS_TOKEN'],
  ])('names the malformed variable %p without echoing secrets', (patch, name) => {
    expect(() => loadIwocaPayConfig({ ...full, ...patch })).toThrow(name);
    expect(() => loadIwocaPayConfig({ ...full, ...patch })).not.toThrow('tok-secret-value');
  });
});

describe('iwocaPay order client', () => {
  let server: LocalServer;
  let sim: IwocaPaySimulator;
  let config: IwocaPayConfig;
  let adapter: ProviderAdapter;

  /** A second simulated iwocaPay, serving only some cancel paths. */
  async function simulatorWith(cancelPaths: Array<'current' | 'legacy'>, prefix: string) {
    const other = createIwocaPaySimulator({
      baseUrl: `${server.url}/${prefix}`,
      supplierUuid,
      accessToken,
      cancelPaths,
    });
    host.use(`/${prefix}`, other.app);
    return { sim: other, adapter: createIwocaPayAdapter({ ...config, baseUrl: other.baseUrl }) };
  }
  const host = express();

  beforeAll(async () => {
    server = await listenLocal(host);
    sim = createIwocaPaySimulator({ baseUrl: `${server.url}/iwocapay`, supplierUuid, accessToken });
    host.use('/iwocapay', sim.app);
    config = { baseUrl: sim.baseUrl, supplierUuid, accessToken };
    adapter = createIwocaPayAdapter(config);
  });
  afterAll(() => server.close());
  afterEach(() => sim.faults.clear());

  async function failure(promise: Promise<unknown>): Promise<ProviderError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
    expect(err.message).not.toContain(accessToken);
    return err;
  }
  const act = (id: string, action: string) =>
    fetch(`${server.url}/iwocapay/_sandbox/sessions/${id}/${action}`, { method: 'POST' });
  const control = (path: string, body: object) =>
    fetch(`${server.url}/iwocapay/_sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ordersFor = (reference: string, at = sim) =>
    [...at.orders.values()].filter((order) => order.reference === reference);

  it('sends GBP as a JSON number and our checkout id as reference', () => {
    const body = buildCreateOrderRequest(input({ checkoutId: 'chk_x', amount: '1344.5' }));
    expect(JSON.stringify(body)).toBe(
      '{"data":{"amount":1344.5,"reference":"chk_x","allowed_payment_terms":["PAY_LATER"],' +
        '"webhook_url":"https://gw.example/webhooks/iwocapay","redirect_url":"https://shop.example/back"}}',
    );
  });

  it('creates an order and reports what iwocaPay says it is for', async () => {
    const session = await adapter.createSession(input({ amount: '1344.5' }));
    expect(session).toEqual({
      providerReference: expect.any(String),
      redirectUrl: `${server.url}/iwocapay/pay/order/${session.providerReference}/landing/`,
      amount: '1344.50',
      currency: 'GBP',
    });
    expect((await fetch(session.redirectUrl)).status).toBe(200);
  });

  it('reads the signed status with its amount and currency as the customer acts', async () => {
    const session = await adapter.createSession(input());
    expect(await adapter.readStatus?.(session.providerReference)).toEqual({
      providerReference: session.providerReference,
      rawStatus: 'CREATED',
      kind: 'wait',
      amount: '49.95',
      currency: 'GBP',
    });
    await act(session.providerReference, 'approveCredit');
    expect((await adapter.readStatus?.(session.providerReference))?.rawStatus).toBe('APPROVED');
  });

  it('signs its read answers as the plugin checks them: base64 HMAC-SHA256 of the raw body, keyed with the token', async () => {
    const session = await adapter.createSession(input());
    const answer = await fetch(
      `${sim.baseUrl}api/iwocapay/ecommerce/seller/${supplierUuid}/order/${session.providerReference}/`,
      { headers: { authorization: `Bearer ${accessToken}` } },
    );
    const raw = Buffer.from(await answer.arrayBuffer());
    // Computed here with node:crypto, not with the project's signing code.
    const expected = createHmac('sha256', accessToken).update(raw).digest('base64');
    expect(answer.headers.get('x-iwocapay-hmac-sha256')).toBe(expected);
  });

  it.each([
    ['missing', 'answered without a valid x-iwocapay-hmac-sha256 signature: not trusted'],
    ['wrong', 'answered without a valid x-iwocapay-hmac-sha256 signature: not trusted'],
  ])('never believes a status answer whose signature is %s', async (mode, message) => {
    const session = await adapter.createSession(input());
    await act(session.providerReference, 'approve');
    expect((await control('signing', { mode })).status).toBe(200);
    const err = await failure(adapter.readStatus?.(session.providerReference) ?? Promise.resolve());
    expect([err.transient, err.message]).toEqual([
      false,
      `iwocapay: GET /iwocapay/api/iwocapay/ecommerce/seller/${supplierUuid}/order/${session.providerReference}/ ${message}`,
    ]);
    // The next, properly signed answer is believed again.
    expect((await adapter.readStatus?.(session.providerReference))?.kind).toBe('fulfil');
  });

  it('cancels an open order at iwocaPay on the plugin 2.x path: it is no longer payable', async () => {
    const session = await adapter.createSession(input());
    await act(session.providerReference, 'approveCredit');
    await adapter.cancelSession?.(session.providerReference);
    expect(sim.orders.get(session.providerReference)).toMatchObject({
      state: 'UNSUCCESSFUL',
      cancelledVia: 'current',
    });
    expect((await act(session.providerReference, 'approve')).status).toBe(409);
    expect(await adapter.readStatus?.(session.providerReference)).toMatchObject({ kind: 'cancel' });
  });

  it('falls back to the 1.x cancel path where the 2.x one is not served', async () => {
    const older = await simulatorWith(['legacy'], 'iwocapay-1x');
    const session = await older.adapter.createSession(input());
    await older.adapter.cancelSession?.(session.providerReference);
    expect(older.sim.orders.get(session.providerReference)).toMatchObject({
      state: 'UNSUCCESSFUL',
      cancelledVia: 'legacy',
    });
  });

  it('fails the cancel clearly when neither path cancels, leaving the order as it was', async () => {
    const neither = await simulatorWith([], 'iwocapay-none');
    const session = await neither.adapter.createSession(input());
    const err = await failure(
      neither.adapter.cancelSession?.(session.providerReference) ?? Promise.resolve(),
    );
    expect([err.transient, err.httpStatus]).toEqual([false, 405]);
    expect(err.message).toBe(
      `iwocapay: DELETE /iwocapay-none/api/iwocapay/ecommerce/seller/${supplierUuid}/order/${session.providerReference}/` +
        ` answered 405: Method "DELETE" not allowed.; then DELETE /iwocapay-none/api/lending/edge/ecommerce/order/` +
        `${session.providerReference}/ answered 405: Method "DELETE" not allowed.`,
    );
    expect(neither.sim.orders.get(session.providerReference)?.state).toBe('CREATED');
  });

  it('answers cancel on a terminal order with a permanent 400 and the reason', async () => {
    const session = await adapter.createSession(input());
    await act(session.providerReference, 'approve');
    expect((await adapter.readStatus?.(session.providerReference))?.kind).toBe('fulfil');
    const err = await failure(adapter.cancelSession?.(session.providerReference) ?? Promise.resolve());
    expect([err.transient, err.httpStatus]).toEqual([false, 400]);
    expect(err.message).toContain("Can't cancel order of terminal state");
    expect(sim.orders.get(session.providerReference)?.state).toBe('SUCCESSFUL');
  });

  it('reuses the order it created when a retried create is refused for its reference', async () => {
    const first = await adapter.createSession(input({ checkoutId: 'chk_retried' }));
    const again = await adapter.createSession(input({ checkoutId: 'chk_retried' }));
    expect(again).toEqual(first);
    expect(ordersFor('chk_retried')).toHaveLength(1);
  });

  it('refuses to reuse an order for the same reference but another amount', async () => {
    await adapter.createSession(input({ checkoutId: 'chk_amount' }));
    const err = await failure(adapter.createSession(input({ checkoutId: 'chk_amount', amount: '10.00' })));
    expect([err.transient, err.message]).toEqual([
      false,
      'iwocapay: reference chk_amount is already used at iwocaPay by an order for GBP 49.95, not GBP 10.00: not reused',
    ]);
  });

  it('refuses an order for its reference that this process did not create', async () => {
    await adapter.createSession(input({ checkoutId: 'chk_elsewhere' }));
    const otherProcess = createIwocaPayAdapter(config);
    const err = await failure(otherProcess.createSession(input({ checkoutId: 'chk_elsewhere' })));
    expect([err.transient, err.message]).toEqual([
      false,
      'iwocapay: reference chk_elsewhere is already used at iwocaPay by an order this process did not create ' +
        '(iwocaPay offers no lookup by reference)',
    ]);
    expect(ordersFor('chk_elsewhere')).toHaveLength(1);
  });

  it('serves only the paths iwocaPay serves: the old guessed cancel path is a 404', async () => {
    const session = await adapter.createSession(input());
    const call = (method: string, path: string) =>
      fetch(`${sim.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${accessToken}` } });
    const seller = `ecommerce/seller/${supplierUuid}/order`;
    expect((await call('DELETE', `api/lending/edge/${seller}/${session.providerReference}/`)).status).toBe(
      404,
    );
    expect((await call('GET', `api/lending/edge/${seller}/${session.providerReference}/`)).status).toBe(404);
    expect((await call('POST', `api/iwocapay/${seller}/${session.providerReference}/`)).status).toBe(405);
    // The documented older read exists, but its answer is not signed.
    const older = await call('GET', `api/lending/edge/ecommerce/order/${session.providerReference}/`);
    expect([older.status, older.headers.get('x-iwocapay-hmac-sha256')]).toEqual([200, null]);
    expect(sim.orders.get(session.providerReference)?.state).toBe('CREATED');
  });

  it('answers a wrong token with a permanent 401, and an unknown order with a permanent 404', async () => {
    const err = await failure(
      createIwocaPayAdapter({ ...config, accessToken: 'wrong' }).createSession(input()),
    );
    expect([err.transient, err.httpStatus]).toEqual([false, 401]);
    expect(err.message).toContain('Invalid token.');
    const missing = await failure(adapter.readStatus?.('no-such-order') ?? Promise.resolve());
    expect([missing.transient, missing.httpStatus]).toEqual([false, 404]);
  });

  it('answers another supplier with a permanent 403', async () => {
    const other = createIwocaPayAdapter({ ...config, supplierUuid: '00000000-0000-4000-8000-000000000000' });
    expect((await failure(other.createSession(input()))).httpStatus).toBe(403);
  });

  it.each(['create', 'status', 'cancel'])('classifies a 5xx on %s as transient', async (operation) => {
    const session = await adapter.createSession(input());
    sim.faults.add({ operation, status: 502, times: 1 });
    const call = {
      create: () => adapter.createSession(input()),
      status: () => adapter.readStatus?.(session.providerReference),
      cancel: () => adapter.cancelSession?.(session.providerReference),
    }[operation];
    const err = await failure(Promise.resolve(call?.()));
    expect([err.transient, err.httpStatus]).toEqual([true, 502]);
  });

  it('classifies a timeout and a refused connection as transient', async () => {
    sim.faults.add({ operation: 'status', delayMs: 400, times: 1 });
    const slow = createIwocaPayAdapter(config, { timeoutMs: 100 });
    const timeout = await failure(Promise.resolve(slow.readStatus?.('any')));
    expect([timeout.transient, timeout.message.includes('timed out')]).toEqual([true, true]);

    const closed = await listenLocal(express());
    await closed.close();
    const refused = await failure(
      createIwocaPayAdapter({ ...config, baseUrl: closed.url }).createSession(input()),
    );
    expect([refused.transient, refused.message.includes('connection failed')]).toEqual([true, true]);
  });

  it('refuses other currencies and malformed amounts before calling iwocaPay', async () => {
    expect((await failure(adapter.createSession(input({ currency: 'EUR' })))).transient).toBe(false);
    expect((await failure(adapter.createSession(input({ amount: '4.999' })))).transient).toBe(false);
  });
});

describe('isDuplicateReferenceRefusal', () => {
  it.each([
    [
      {
        errors: [
          { detail: 'An order with this reference already exists.', source: { pointer: '/data/reference' } },
        ],
      },
    ],
    [
      {
        errors: [{ attr: 'reference', code: 'unique', detail: 'order with this reference already exists.' }],
      },
    ],
    [{ reference: ['order with this reference already exists.'] }],
    [{ data: { reference: ['This field must be unique.'] } }],
  ])('recognises %j', (body) => {
    expect(isDuplicateReferenceRefusal(body)).toBe(true);
    expect(describeIwocaPayError(body)).toMatch(/reference/);
  });

  it.each([
    [
      {
        errors: [
          {
            detail: 'Ensure this field has no more than 255 characters.',
            source: { pointer: '/data/reference' },
          },
        ],
      },
    ],
    [{ errors: [{ detail: 'already exists', source: { pointer: '/data/amount' } }] }],
    [{ detail: 'Invalid token.' }],
    ['<html>Bad Request</html>'],
    [undefined],
  ])('does not take %j for a duplicate reference', (body) => {
    expect(isDuplicateReferenceRefusal(body)).toBe(false);
  });
});
