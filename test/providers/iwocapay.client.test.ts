// iwocaPay config and order client, against the simulator over real HTTP.
import express from 'express';
import { ProviderError } from '../../src/providers/errors';
import { createIwocaPayAdapter, loadIwocaPayConfig, type IwocaPayConfig } from '../../src/providers/iwocapay';
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
      loadIwocaPayConfig({ IWOCAPAY_API_URL: 'https://x.example/', IWOCAPAY_ACCESS_TOKEN: '' }),
    ).toBeUndefined();
  });

  it('parses a full set, defaulting to staging', () => {
    expect(loadIwocaPayConfig(full)).toEqual({
      apiUrl: 'https://stage.iwoca-dev.co.uk/api/lending/edge/',
      supplierUuid,
      accessToken: 'tok-secret-value',
    });
  });

  it.each([
    [{ IWOCAPAY_API_URL: 'stage.iwoca-dev.co.uk' }, 'IWOCAPAY_API_URL'],
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

  beforeAll(async () => {
    const host = express();
    server = await listenLocal(host);
    sim = createIwocaPaySimulator({ baseUrl: `${server.url}/iwocapay`, supplierUuid, accessToken });
    host.use('/iwocapay', sim.app);
    config = { apiUrl: sim.apiUrl, supplierUuid, accessToken };
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

  it('sends GBP as a JSON number and our checkout id as reference', () => {
    const body = buildCreateOrderRequest(input({ checkoutId: 'chk_x', amount: '1344.5' }));
    expect(JSON.stringify(body)).toBe(
      '{"data":{"amount":1344.5,"reference":"chk_x","allowed_payment_terms":["PAY_LATER"],' +
        '"webhook_url":"https://gw.example/webhooks/iwocapay","redirect_url":"https://shop.example/back"}}',
    );
  });

  it('creates an order, reads its status as the customer acts, and cancels an open one', async () => {
    const session = await adapter.createSession(input());
    expect(session.redirectUrl).toBe(`${server.url}/iwocapay/pay/${session.providerReference}`);
    expect((await fetch(session.redirectUrl)).status).toBe(200);
    expect(await adapter.readStatus?.(session.providerReference)).toEqual({
      providerReference: session.providerReference,
      rawStatus: 'CREATED',
      kind: 'wait',
      amount: '49.95',
    });
    await act(session.providerReference, 'approveCredit');
    expect((await adapter.readStatus?.(session.providerReference))?.rawStatus).toBe('APPROVED');
    await adapter.cancelSession?.(session.providerReference);
    expect(await adapter.readStatus?.(session.providerReference)).toMatchObject({
      rawStatus: 'UNSUCCESSFUL',
      kind: 'cancel',
    });
  });

  it('answers cancel on a terminal order with a permanent 400 and the reason', async () => {
    const session = await adapter.createSession(input());
    await act(session.providerReference, 'approve');
    expect((await adapter.readStatus?.(session.providerReference))?.kind).toBe('fulfil');
    const err = await failure(adapter.cancelSession?.(session.providerReference) ?? Promise.resolve());
    expect([err.transient, err.httpStatus]).toEqual([false, 400]);
    expect(err.message).toContain('Order is SUCCESSFUL and cannot be cancelled');
  });

  it('rejects a reused reference with the field in the message', async () => {
    await adapter.createSession(input({ checkoutId: 'chk_dup' }));
    const err = await failure(adapter.createSession(input({ checkoutId: 'chk_dup' })));
    expect([err.transient, err.httpStatus]).toEqual([false, 400]);
    expect(err.message).toContain('/data/reference: An order with this reference already exists.');
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
      createIwocaPayAdapter({ ...config, apiUrl: closed.url }).createSession(input()),
    );
    expect([refused.transient, refused.message.includes('connection failed')]).toEqual([true, true]);
  });

  it('refuses other currencies and malformed amounts before calling iwocaPay', async () => {
    expect((await failure(adapter.createSession(input({ currency: 'EUR' })))).transient).toBe(false);
    expect((await failure(adapter.createSession(input({ amount: '4.999' })))).transient).toBe(false);
  });
});
