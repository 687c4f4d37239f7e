// One Affirm checkout attempt for the provider tests: a one-item cart for `amount`, with
// the stand-in gateway's receivers as callbacks.
import type { CreateSessionInput } from '../../../src/providers/types';
import type { AffirmSandbox } from '../../fixtures/affirm-sandbox';

export function affirmSessionInput(
  sandbox: Pick<AffirmSandbox, 'url' | 'confirmUrl'>,
  checkoutId: string,
  merchantOrderId: string,
  amount: string,
): CreateSessionInput {
  return {
    checkoutId,
    merchantOrderId,
    amount,
    currency: 'USD',
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    items: [{ sku: 'A', name: 'Widget', unitPrice: amount, quantity: 1 }],
    returnUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    callbacks: {
      webhookUrl: `${sandbox.url}/webhooks/affirm`,
      redirectUrl: sandbox.confirmUrl(checkoutId),
    },
  };
}
