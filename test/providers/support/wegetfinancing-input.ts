// One WeGetFinancing checkout attempt for the provider tests: a US customer with the
// billing address WeGetFinancing requires, and a one-item cart.
import type { CreateSessionInput } from '../../../src/providers/types';

export function wgfSessionInput(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    checkoutId: 'chk_001',
    merchantOrderId: 'order-001',
    amount: '1344',
    currency: 'USD',
    customer: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      billingAddress: { street1: '1 Main St', city: 'Austin', state: 'TX', zipcode: '73301', country: 'US' },
    },
    items: [{ sku: 'SKU-1', name: 'Sofa', unitPrice: '1300.5', quantity: 1, unitTax: '43.5' }],
    returnUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    callbacks: {
      webhookUrl: 'https://gw.example/webhooks/wegetfinancing',
      redirectUrl: 'https://gw.example/r',
    },
    ...overrides,
  };
}
