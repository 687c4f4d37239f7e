// The Affirm simulator as the orchestrator sees it: webhooks verified by the real
// adapter at a stand-in gateway, the confirmation redirect, shaping, expiry, validation.
import type { CreateSessionInput, ProviderAdapter } from '../../src/providers/types';
import type { AffirmSandbox } from '../fixtures/affirm-sandbox';
import { AFFIRM_KEYS, startAffirmSandbox } from '../fixtures/affirm-sandbox';

let clock = new Date('2030-01-01T00:00:00.000Z');
let sandbox: AffirmSandbox;
let adapter: ProviderAdapter;

beforeAll(async () => {
  sandbox = await startAffirmSandbox({ now: () => clock });
  adapter = sandbox.adapter({ now: () => clock });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.received.length = 0;
});

let sequence = 0;
async function open() {
  sequence += 1;
  const input: CreateSessionInput = {
    checkoutId: `SIM-${sequence}-a1`,
    merchantOrderId: `SIM-${sequence}`,
    amount: '49.95',
    currency: 'USD',
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    returnUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    callbacks: {
      webhookUrl: `${sandbox.url}/webhooks/affirm`,
      redirectUrl: sandbox.confirmUrl(`SIM-${sequence}-a1`),
    },
  };
  const created = await adapter.createSession(input);
  return { checkoutId: input.checkoutId, token: created.providerReference };
}

const webhookEvents = () =>
  sandbox.received
    .filter((r) => r.channel === 'webhook')
    .map((r) => r.event?.rawStatus)
    .sort();

const auth = `Basic ${Buffer.from(`${AFFIRM_KEYS.publicKey}:${AFFIRM_KEYS.privateKey}`).toString('base64')}`;
const minimalCheckout = {
  merchant: { user_confirmation_url: 'https://gw.example/c', user_cancel_url: 'https://shop.example/cart' },
  items: [{ sku: 'A', display_name: 'Widget', unit_price: 1344, qty: 1 }],
  total: 1344,
};
const post = (body: unknown, authorization = auth) =>
  fetch(`${sandbox.config.apiUrl}/api/v2/checkout/direct`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
const authorizeRaw = (token: string) =>
  fetch(`${sandbox.config.apiUrl}/api/v1/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify({ transaction_id: token }),
  });

describe('customer actions', () => {
  it('approve: sent, approved and confirmed webhooks, then the browser returns with the token', async () => {
    const { checkoutId, token } = await open();
    const { status, body } = await sandbox.control(`/sessions/${token}/approve`, { followRedirect: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      checkoutToken: token,
      state: 'confirmed',
      webhooks: ['sent', 'approved', 'confirmed'],
    });
    // Affirm adds the token to the query and keeps ours (the binding) as it was.
    expect(body.confirmationUrl).toBe(`${sandbox.confirmUrl(checkoutId)}&checkout_token=${token}`);
    expect(body.redirect).toEqual({ status: 302, location: 'https://shop.example/thanks' });
    await sandbox.sim.deliverer.idle();

    expect(webhookEvents()).toEqual(['approved', 'confirmed', 'sent']);
    for (const received of sandbox.received) {
      expect(received.status).toBe(received.channel === 'webhook' ? 200 : 302);
      expect(received.event).toMatchObject({ providerReference: token, checkoutReference: checkoutId });
    }
    const confirmed = sandbox.received.find(
      (r) => r.event?.rawStatus === 'confirmed' && r.channel === 'webhook',
    );
    expect(confirmed?.event).toMatchObject({
      kind: 'authorize',
      authorizationToken: token,
      source: 'webhook',
    });
    const redirect = sandbox.received.find((r) => r.channel === 'redirect');
    expect(redirect?.event).toMatchObject({
      kind: 'authorize',
      authorizationToken: token,
      source: 'redirect',
    });
  });

  it('decline: not_approved (cancel) and the cancel URL', async () => {
    const { token } = await open();
    const { body } = await sandbox.control(`/sessions/${token}/decline`);
    expect(body).toMatchObject({ state: 'not_approved', cancelUrl: 'https://shop.example/cart' });
    await sandbox.sim.deliverer.idle();
    expect(webhookEvents()).toEqual(['not_approved', 'sent']);
    expect(sandbox.received.find((r) => r.event?.rawStatus === 'not_approved')?.event?.kind).toBe('cancel');
  });

  it('finish later: approved now (or more information needed), confirmed afterwards', async () => {
    const { token } = await open();
    expect((await sandbox.control(`/sessions/${token}/finish-later`)).body).toMatchObject({
      state: 'approved',
    });
    expect((await sandbox.control(`/sessions/${token}/confirm`)).body).toMatchObject({
      state: 'confirmed',
      webhooks: ['confirmed'],
    });
    const other = await open();
    const info = await sandbox.control(`/sessions/${other.token}/finish-later`, { moreInformation: true });
    expect(info.body).toMatchObject({
      state: 'more_information_needed',
      webhooks: ['sent', 'more_information_needed'],
    });
    await sandbox.sim.deliverer.idle();
    const needed = sandbox.received.find((r) => r.event?.rawStatus === 'more_information_needed');
    expect(needed?.event?.kind).toBe('wait');
  });

  it('abandon: no decision webhook; the customer may still come back and approve', async () => {
    const { token } = await open();
    expect((await sandbox.control(`/sessions/${token}/abandon`)).body).toMatchObject({ state: 'abandoned' });
    expect((await sandbox.control(`/sessions/${token}/approve`)).body).toMatchObject({
      state: 'confirmed',
      webhooks: ['approved', 'confirmed'],
    });
  });

  it('answers 409 in the wrong state, 404 for unknown actions or checkouts', async () => {
    const { token } = await open();
    expect((await sandbox.control(`/sessions/${token}/confirm`)).status).toBe(409);
    expect((await sandbox.control(`/sessions/${token}/constructor`)).status).toBe(404);
    expect((await sandbox.control(`/sessions/NOPE/approve`)).status).toBe(404);
    expect((await sandbox.control(`/sessions/${token}/approve`, { nonsense: true })).status).toBe(400);
  });

  it('refuses a customer after the checkout expired (410), page included', async () => {
    const { token } = await open();
    const saved = clock;
    clock = new Date(clock.getTime() + 61 * 60_000);
    try {
      expect((await sandbox.control(`/sessions/${token}/approve`)).status).toBe(410);
      expect((await fetch(`${sandbox.config.apiUrl}/checkout/${token}/new`)).status).toBe(410);
    } finally {
      clock = saved;
    }
  });
  it('ends the checkout at its checkout_expiration: customer, page and authorization', async () => {
    const created = await post({ ...minimalCheckout, checkout_expiration: '2030-01-01T00:10:00Z' });
    const { checkout_id: token } = (await created.json()) as { checkout_id: string };
    expect(sandbox.sim.checkouts.get(token)?.expiresAt?.toISOString()).toBe('2030-01-01T00:10:00.000Z');
    const saved = clock;
    try {
      clock = new Date('2030-01-01T00:10:00.000Z');
      expect((await sandbox.control(`/sessions/${token}/approve`)).status).toBe(200);
      clock = new Date('2030-01-01T00:10:01.000Z');
      expect((await fetch(`${sandbox.config.apiUrl}/checkout/${token}/new`)).status).toBe(410);
      const authorized = await authorizeRaw(token);
      expect(authorized.status).toBe(400);
      expect(await authorized.json()).toMatchObject({ code: 'checkout-expired' });
    } finally {
      clock = saved;
    }
  });

  it('refuses an authorization for a checkout that was never confirmed, and names the checkout when it authorizes', async () => {
    const { token } = await open();
    const early = await authorizeRaw(token);
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ code: 'checkout-not-confirmed' });
    await sandbox.control(`/sessions/${token}/approve`);
    const authorized = await authorizeRaw(token);
    expect(authorized.status).toBe(200);
    expect(await authorized.json()).toMatchObject({ checkout_id: token, status: 'authorized' });
  });

  it('posts the token as a form when the checkout asked for POST confirmation', async () => {
    const response = await fetch(`${sandbox.config.apiUrl}/api/v2/checkout/direct`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${AFFIRM_KEYS.publicKey}:${AFFIRM_KEYS.privateKey}`).toString('base64')}`,
      },
      body: JSON.stringify({
        merchant: {
          user_confirmation_url: sandbox.confirmUrl('POST-1-a1'),
          user_cancel_url: 'https://shop.example/cart',
          user_confirmation_url_action: 'POST',
        },
        items: [{ sku: 'A', display_name: 'Widget', unit_price: 500, qty: 1 }],
        order_id: 'POST-1-a1',
        total: 500,
      }),
    });
    const { checkout_id: token } = (await response.json()) as { checkout_id: string };
    const { body } = await sandbox.control(`/sessions/${token}/approve`, { followRedirect: true });
    expect(body.confirmationUrl).toBe(sandbox.confirmUrl('POST-1-a1'));
    expect(body.redirect).toMatchObject({ status: 302 });
    const redirect = sandbox.received.find((r) => r.channel === 'redirect');
    expect(redirect?.event).toMatchObject({ authorizationToken: token, checkoutReference: 'POST-1-a1' });
  });
});

describe('webhook shaping (Affirm sends once: no retries)', () => {
  it('drops one event', async () => {
    const { token } = await open();
    await sandbox.control(`/sessions/${token}/approve`, { deliveryByEvent: { confirmed: { drop: true } } });
    await sandbox.sim.deliverer.idle();
    expect(webhookEvents()).toEqual(['approved', 'sent']);
  });

  it('duplicates: every copy verifies and carries the same event id', async () => {
    const { token } = await open();
    await sandbox.control(`/sessions/${token}/decline`, { delivery: { copies: 3 } });
    await sandbox.sim.deliverer.idle();
    const declined = sandbox.received.filter((r) => r.event?.rawStatus === 'not_approved');
    expect(declined).toHaveLength(3);
    expect(new Set(declined.map((r) => r.event?.eventId)).size).toBe(1);
  });

  it('holds deliveries until released (reordering)', async () => {
    const { token } = await open();
    await sandbox.control(`/sessions/${token}/approve`, { delivery: { hold: true } });
    await sandbox.sim.deliverer.idle();
    expect(sandbox.received).toHaveLength(0);
    expect((await sandbox.control('/deliveries/release')).body).toEqual({ released: 3 });
    await sandbox.sim.deliverer.idle();
    expect(webhookEvents()).toEqual(['approved', 'confirmed', 'sent']);
  });

  it('wrong credentials: the gateway answers 401 and Affirm does not try again', async () => {
    const { token } = await open();
    const before = sandbox.sim.deliverer.attempts.length;
    // The queued shaping takes `sent`; the explicit one takes `not_approved`.
    await sandbox.control('/deliveries/next', { badSignature: true });
    await sandbox.control(`/sessions/${token}/decline`, {
      deliveryByEvent: { not_approved: { badSignature: true } },
    });
    await sandbox.sim.deliverer.idle();
    expect(sandbox.received.map((r) => r.status).sort()).toEqual([401, 401]);
    expect(sandbox.sim.deliverer.attempts.slice(before).map((a) => a.status)).toEqual([401, 401]);
  });
});

describe('API validation', () => {
  const valid = minimalCheckout;

  it.each([
    ['total', { ...valid, total: 13.44 }],
    ['shipping_amount', { ...valid, shipping_amount: 0.5 }],
    ['items.0.unit_price', { ...valid, items: [{ ...valid.items[0], unit_price: 13.44 }] }],
    ['merchant.user_confirmation_url', { ...valid, merchant: { user_cancel_url: 'https://x.example' } }],
    ['checkout_expiration', { ...valid, checkout_expiration: '2030-01-01T00:10:00.000Z' }],
    ['checkout_expiration', { ...valid, checkout_expiration: '2030-13-01T00:10:00Z' }],
  ])('requires integer cents, the merchant URLs and a whole-second expiry (%s)', async (field, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status_code: 400, code: 'invalid_field', field });
  });

  it('accepts a valid object and rejects wrong keys with 401', async () => {
    expect((await post(valid)).status).toBe(200);
    const denied = await post(valid, `Basic ${Buffer.from('pub:wrong').toString('base64')}`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ status_code: 401, type: 'unauthorized' });
    expect((await post(valid, '')).status).toBe(401);
  });

  it('answers malformed JSON with Affirm’s error body', async () => {
    const response = await fetch(`${sandbox.config.apiUrl}/api/v2/checkout/direct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status_code: 400, type: 'invalid_request' });
  });
});
