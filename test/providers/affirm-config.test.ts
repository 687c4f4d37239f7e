import { buildAffirmCheckout, checkoutExpiryFrom } from '../../src/providers/affirm/checkout';
import {
  AFFIRM_EVENT_OUTCOMES,
  AFFIRM_EVENTS,
  affirmOutcome,
  loadAffirmConfig,
} from '../../src/providers/affirm';
import type { CreateSessionInput } from '../../src/providers/types';

const KEYS = { AFFIRM_PUBLIC_KEY: 'pub_ABC', AFFIRM_PRIVATE_KEY: 'priv_secret_123' };

describe('loadAffirmConfig', () => {
  it('is disabled without keys (blank values count as absent)', () => {
    expect(loadAffirmConfig({})).toBeUndefined();
    expect(loadAffirmConfig({ AFFIRM_PUBLIC_KEY: '', AFFIRM_PRIVATE_KEY: '  ' })).toBeUndefined();
  });

  it('defaults to the sandbox host and a 24 h checkout', () => {
    expect(loadAffirmConfig(KEYS)).toEqual({
      apiUrl: 'https://sandbox.affirm.com',
      publicKey: 'pub_ABC',
      privateKey: 'priv_secret_123',
      webhook: undefined,
      checkoutTtlMinutes: 1440,
    });
  });

  it('reads the webhook Basic credentials as a pair', () => {
    const config = loadAffirmConfig({
      ...KEYS,
      AFFIRM_WEBHOOK_USER: 'AB123',
      AFFIRM_WEBHOOK_PASSWORD: 'ZXY987',
    });
    expect(config?.webhook).toEqual({ user: 'AB123', password: 'ZXY987' });
  });

  it.each([
    [{ AFFIRM_PUBLIC_KEY: 'pub' }, 'AFFIRM_PRIVATE_KEY'],
    [{ AFFIRM_PRIVATE_KEY: 'priv' }, 'AFFIRM_PUBLIC_KEY'],
    [{ ...KEYS, AFFIRM_WEBHOOK_USER: 'u' }, 'AFFIRM_WEBHOOK_PASSWORD'],
    [{ ...KEYS, AFFIRM_API_URL: 'not a url' }, 'AFFIRM_API_URL'],
    [{ ...KEYS, AFFIRM_CHECKOUT_TTL_MINUTES: 'soon' }, 'AFFIRM_CHECKOUT_TTL_MINUTES'],
  ])('names the variable at fault: %j', (env, name) => {
    expect(() => loadAffirmConfig(env)).toThrow(name);
  });

  it('never echoes a secret in its error', () => {
    expect(() => loadAffirmConfig({ AFFIRM_PRIVATE_KEY: 'priv_secret_123' })).not.toThrow(/priv_secret_123/);
  });
});

describe('Affirm status mapping', () => {
  it.each([
    ['sent', 'wait'],
    ['opened', 'wait'],
    ['approved', 'wait'],
    ['more_information_needed', 'wait'],
    ['not_approved', 'cancel'],
    ['confirmed', 'authorize'],
  ] as const)('%s → %s', (event, kind) => {
    expect(affirmOutcome(event)).toBe(kind);
    expect(AFFIRM_EVENT_OUTCOMES[event]).toBe(kind);
  });

  it('covers every known event exactly once', () => {
    expect(Object.keys(AFFIRM_EVENT_OUTCOMES).sort()).toEqual([...AFFIRM_EVENTS].sort());
  });

  it.each(['declined', 'CONFIRMED', '', 'toString', '__proto__', 'authorized'])(
    '%j → unknown, never wait',
    (event) => {
      expect(affirmOutcome(event)).toBe('unknown');
    },
  );
});

const input: CreateSessionInput = {
  checkoutId: 'ORD-1-a1',
  merchantOrderId: 'ORD-1',
  amount: '1344',
  currency: 'USD',
  customer: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    phone: '5555550100',
    billingAddress: {
      street1: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      zipcode: '62701',
      country: 'US',
    },
  },
  items: [
    { sku: 'A', name: 'Widget', unitPrice: '19.99', quantity: 2 },
    { sku: 'B', name: 'Gadget', unitPrice: '0.10', quantity: 1 },
  ],
  shippingAmount: '999999.99',
  taxAmount: '0.10',
  returnUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  callbacks: {
    webhookUrl: 'https://gw.example/webhooks/affirm',
    redirectUrl: 'https://gw.example/return/affirm?x=1&checkout_id=ORD-1-a1&callback_sig=SIG',
  },
};

describe('buildAffirmCheckout', () => {
  const checkout = buildAffirmCheckout(input, new Date('2025-01-01T00:00:00.000Z'));

  it('sends every amount as integer cents', () => {
    expect(checkout.total).toBe(134400);
    expect(checkout.shipping_amount).toBe(99999999);
    expect(checkout.tax_amount).toBe(10);
    expect(checkout.items.map((item) => item.unit_price)).toEqual([1999, 10]);
    for (const cents of [checkout.total, checkout.shipping_amount, checkout.tax_amount]) {
      expect(Number.isInteger(cents)).toBe(true);
    }
  });

  it('returns the customer to the bound confirm URL exactly as the gateway made it', () => {
    expect(checkout.merchant).toEqual({
      user_confirmation_url: 'https://gw.example/return/affirm?x=1&checkout_id=ORD-1-a1&callback_sig=SIG',
      user_cancel_url: 'https://shop.example/cart',
      user_confirmation_url_action: 'GET',
    });
  });

  it('sends the expiry as checkout_expiration, ISO 8601 without milliseconds', () => {
    expect(checkout.checkout_expiration).toBe('2025-01-01T00:00:00Z');
    expect(checkout).not.toHaveProperty('expiration_time');
    const expiresAt = checkoutExpiryFrom(new Date('2025-01-01T00:00:00.999Z'), 90);
    expect(expiresAt.toISOString()).toBe('2025-01-01T01:30:00.000Z');
    expect(buildAffirmCheckout(input, expiresAt).checkout_expiration).toBe('2025-01-01T01:30:00Z');
  });

  it('carries order id, currency, expiry, contacts and items', () => {
    expect(checkout.order_id).toBe('ORD-1-a1');
    expect(checkout.currency).toBe('USD');
    expect(checkout.billing?.name).toEqual({ first: 'Ada', last: 'Lovelace' });
    expect(checkout.shipping?.address?.line1).toBe('1 Main St');
    expect(checkout.items[0]).toEqual({ sku: 'A', display_name: 'Widget', unit_price: 1999, qty: 2 });
  });

  it('sends the order as one line when there is no cart', () => {
    const bare = buildAffirmCheckout(
      { ...input, items: undefined, shippingAmount: '1.00', taxAmount: '0.10' },
      new Date(0),
    );
    expect(bare.items).toEqual([{ sku: 'ORD-1', display_name: 'Order ORD-1', unit_price: 134290, qty: 1 }]);
  });
});
