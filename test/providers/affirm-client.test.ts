// The Affirm adapter against the Affirm simulator over real HTTP on 127.0.0.1.
import { createAffirmAdapter } from '../../src/providers/affirm';
import type {
  AuthorizeInput,
  CreateSessionInput,
  ProviderAdapter,
  VoidInput,
} from '../../src/providers/types';
import type { AffirmSandbox } from '../fixtures/affirm-sandbox';
import { AFFIRM_KEYS, startAffirmSandbox } from '../fixtures/affirm-sandbox';
import { providerRejection, refusedUrl } from '../fixtures/provider-errors';
import { affirmSessionInput } from './support/affirm-session';

const NOW = new Date('2030-01-01T00:00:00.000Z');
let sandbox: AffirmSandbox;
let adapter: ProviderAdapter;

beforeAll(async () => {
  sandbox = await startAffirmSandbox();
  adapter = sandbox.adapter({ now: () => NOW, timeoutMs: 2_000 });
});
afterAll(() => sandbox.close());

let sequence = 0;
function session(amount = '1344'): CreateSessionInput {
  sequence += 1;
  return affirmSessionInput(sandbox, `ORD-${sequence}-a1`, `ORD-${sequence}`, amount);
}

function authorize(input: AuthorizeInput) {
  if (!adapter.authorize) throw new Error('Affirm must authorize');
  return adapter.authorize(input);
}

function voidAuthorization(input: VoidInput) {
  if (!adapter.voidAuthorization) throw new Error('Affirm must void');
  return adapter.voidAuthorization(input);
}

// Neither the private key nor the Basic credentials built from it may reach an error message.
const rejection = (work: Promise<unknown>) =>
  providerRejection(work, [
    AFFIRM_KEYS.privateKey,
    Buffer.from(`${AFFIRM_KEYS.publicKey}:${AFFIRM_KEYS.privateKey}`).toString('base64'),
  ]);

async function confirmedCheckout(amount = '1344') {
  const input = session(amount);
  const created = await adapter.createSession(input);
  expect((await sandbox.control(`/sessions/${created.providerReference}/approve`)).status).toBe(200);
  return { input, token: created.providerReference };
}

describe('create', () => {
  it.each([
    ['0.10', 10],
    ['19.99', 1999],
    ['1344', 134400],
    ['999999.99', 99999999],
  ])('opens a checkout for %s as %d cents', async (amount, cents) => {
    const input = session(amount);
    const created = await adapter.createSession(input);
    expect(created.providerReference).toMatch(/^[A-Z0-9]{16}$/);
    expect(created.redirectUrl).toBe(`${sandbox.config.apiUrl}/checkout/${created.providerReference}/new`);
    expect(created.expiresAt).toBe('2030-01-01T01:00:00.000Z');
    const stored = sandbox.sim.checkouts.get(created.providerReference);
    expect(stored?.total).toBe(cents);
    expect(stored?.currency).toBe('USD');
    expect(stored?.orderId).toBe(input.checkoutId);
    expect(stored?.confirmationUrl).toBe(sandbox.confirmUrl(input.checkoutId));
    expect(stored?.expiresAt?.toISOString()).toBe(created.expiresAt);
    expect((await fetch(created.redirectUrl)).status).toBe(200);
  });

  it('sends checkout_expiration to the whole second, the same instant the session reports', async () => {
    // Affirm's format has no milliseconds: the simulator refuses them, so a clock between
    // seconds must still produce an accepted checkout that ends exactly when we say.
    const between = sandbox.adapter({ now: () => new Date('2030-01-01T00:00:00.750Z') });
    const created = await between.createSession(session());
    expect(created.expiresAt).toBe('2030-01-01T01:00:00.000Z');
    expect(sandbox.sim.checkouts.get(created.providerReference)?.expiresAt?.toISOString()).toBe(
      '2030-01-01T01:00:00.000Z',
    );
  });
});

describe('authorize and void', () => {
  it('authorizes a confirmed checkout once per idempotency key and reports the amount as a decimal', async () => {
    const { input, token } = await confirmedCheckout('19.99');
    const request = { checkoutToken: token, checkoutId: input.checkoutId, idempotencyKey: `auth-${token}` };
    const first = await authorize(request);
    expect(first).toEqual({
      transactionId: expect.any(String),
      status: 'authorized',
      amount: '19.99',
      orderId: input.checkoutId,
      sessionReference: token,
    });
    expect(await authorize(request)).toEqual(first);
    const again = await rejection(authorize({ ...request, idempotencyKey: 'another' }));
    expect(again).toMatchObject({ transient: false, httpStatus: 400 });
    expect(again.message).toContain('checkout-already-authorized');
  });

  it('voids an authorized transaction, idempotently', async () => {
    const { input, token } = await confirmedCheckout();
    const auth = await authorize({
      checkoutToken: token,
      checkoutId: input.checkoutId,
      idempotencyKey: 'k1',
    });
    await voidAuthorization({ transactionId: auth.transactionId, idempotencyKey: 'v1' });
    expect(sandbox.sim.transactions.get(auth.transactionId)?.status).toBe('voided');
    await voidAuthorization({ transactionId: auth.transactionId, idempotencyKey: 'v1' });
    const twice = await rejection(
      voidAuthorization({ transactionId: auth.transactionId, idempotencyKey: 'v2' }),
    );
    expect(twice).toMatchObject({ transient: false, httpStatus: 400 });
  });

  it('refuses unknown, unconfirmed and declined tokens permanently, with Affirm’s reason', async () => {
    const unknown = await rejection(
      authorize({ checkoutToken: 'NOPE', checkoutId: 'x', idempotencyKey: 'u' }),
    );
    expect(unknown).toMatchObject({ transient: false, httpStatus: 400 });
    expect(unknown.message).toContain('checkout-token-invalid');

    const open = await adapter.createSession(session());
    const unconfirmed = await rejection(
      authorize({ checkoutToken: open.providerReference, checkoutId: 'x', idempotencyKey: 'n' }),
    );
    expect(unconfirmed.message).toContain('checkout-not-confirmed');

    const declined = await adapter.createSession(session());
    await sandbox.control(`/sessions/${declined.providerReference}/decline`);
    const refused = await rejection(
      authorize({ checkoutToken: declined.providerReference, checkoutId: 'x', idempotencyKey: 'd' }),
    );
    expect(refused).toMatchObject({ name: 'PermanentProviderError', transient: false });
    expect(refused.message).toContain('auth-declined');
  });

  it('can be told to refuse an authorization', async () => {
    const { input, token } = await confirmedCheckout();
    await sandbox.control('/faults', {
      operation: 'authorize',
      status: 400,
      body: {
        status_code: 400,
        type: 'invalid_request',
        code: 'auth-declined',
        message: 'Declined by underwriting',
      },
    });
    const err = await rejection(
      authorize({ checkoutToken: token, checkoutId: input.checkoutId, idempotencyKey: 'f' }),
    );
    expect(err.message).toContain('auth-declined: Declined by underwriting');
    expect(err.transient).toBe(false);
  });
});

describe('read checkout (a confirmation that never reached us)', () => {
  function readStatus(reference: string) {
    if (!adapter.readStatus) throw new Error('Affirm must read its checkout');
    return adapter.readStatus(reference);
  }

  it('reads an open checkout as waiting, and a confirmed one as a token to authorize', async () => {
    const created = await adapter.createSession(session('19.99'));
    expect(await readStatus(created.providerReference)).toEqual({
      providerReference: created.providerReference,
      rawStatus: 'pending',
      kind: 'wait',
      amount: '19.99',
      currency: 'USD',
    });
    expect((await sandbox.control(`/sessions/${created.providerReference}/approve`)).status).toBe(200);
    expect(await readStatus(created.providerReference)).toMatchObject({
      rawStatus: 'confirmed',
      kind: 'authorize',
      authorizationToken: created.providerReference,
    });
    // The token read back is one Affirm authorizes.
    const authorization = await authorize({
      checkoutToken: created.providerReference,
      checkoutId: 'ORD-read-a1',
      idempotencyKey: 'read-then-authorize-1',
    });
    expect(authorization).toMatchObject({
      status: 'authorized',
      sessionReference: created.providerReference,
    });
  });

  it('reads a declined checkout as waiting: a status only third parties describe decides nothing', async () => {
    const created = await adapter.createSession(session());
    expect((await sandbox.control(`/sessions/${created.providerReference}/decline`)).status).toBe(200);
    expect(await readStatus(created.providerReference)).toMatchObject({ rawStatus: 'failed', kind: 'wait' });
  });

  it('refuses an unknown checkout for good, and a 5xx for now', async () => {
    const unknown = await rejection(readStatus('NOSUCHCHECKOUT00'));
    expect(unknown.transient).toBe(false);
    await sandbox.control('/faults', { operation: 'read', status: 503 });
    const created = await adapter.createSession(session());
    const down = await rejection(readStatus(created.providerReference));
    expect(down.transient).toBe(true);
  });
});

describe('error classes', () => {
  it('401 on wrong keys: permanent, and the keys stay out of the message', async () => {
    const config = { ...sandbox.config, privateKey: 'wrong_private' };
    const err = await rejection(createAffirmAdapter(config).createSession(session()));
    expect(err).toMatchObject({ transient: false, httpStatus: 401 });
    expect(err.message).toContain('invalid-api-keys');
    expect(err.message).not.toContain('wrong_private');
  });

  it('4xx on an invalid checkout object: permanent, naming the field', async () => {
    const response = await fetch(`${sandbox.config.apiUrl}/api/v2/checkout/direct`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${AFFIRM_KEYS.publicKey}:${AFFIRM_KEYS.privateKey}`).toString('base64')}`,
      },
      body: JSON.stringify({ merchant: {}, items: [], total: 13.44 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      status_code: 400,
      type: 'invalid_request',
      code: 'invalid_field',
      field: expect.any(String),
    });
  });

  it.each([500, 503])('%d: transient', async (status) => {
    await sandbox.control('/faults', { operation: 'create', status });
    const err = await rejection(adapter.createSession(session()));
    expect(err).toMatchObject({ transient: true, httpStatus: status, name: 'TransientProviderError' });
  });

  it('timeout: transient', async () => {
    await sandbox.control('/faults', { operation: 'create', delayMs: 400, status: 500 });
    const err = await rejection(sandbox.adapter({ timeoutMs: 100 }).createSession(session()));
    expect(err.transient).toBe(true);
    expect(err.message).toContain('timed out');
  });

  it('connection refused: transient', async () => {
    const err = await rejection(
      createAffirmAdapter({ ...sandbox.config, apiUrl: await refusedUrl() }).createSession(session()),
    );
    expect(err.transient).toBe(true);
    expect(err.message).toContain('connection failed');
  });
});
