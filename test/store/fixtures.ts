// Builders for store inputs; every call gets fresh ids so tests share one store safely.
import { randomUUID } from 'node:crypto';
import type { CheckoutIdentity, InboundEventInput } from '../../src/store';

export function newCheckout(overrides: Partial<CheckoutIdentity> = {}): CheckoutIdentity {
  return {
    checkoutId: `chk-${randomUUID()}`,
    merchantOrderId: `order-${randomUUID()}`,
    provider: 'wegetfinancing',
    amount: '1344.00',
    currency: 'USD',
    ...overrides,
  };
}

export function newInboundEvent(overrides: Partial<InboundEventInput> = {}): InboundEventInput {
  return {
    provider: 'wegetfinancing',
    checkoutReference: `chk-${randomUUID()}`,
    providerReference: `inv-${randomUUID()}`,
    rawStatus: 'approved',
    kind: 'fulfil',
    eventId: `evt-${randomUUID()}`,
    reason: 'closedCheckout',
    payload: { updates: { status: 'approved' }, amounts: ['19.99', 1], nested: { ok: true } },
    ...overrides,
  };
}
