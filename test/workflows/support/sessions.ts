// A valid checkout for each provider: the currencies and fields each one insists on.
import type { CreateSessionInput } from '../../../src/providers/types';
import type { ProviderId } from '../../../workflows/domain';
import type { Receiver } from './receiver';

const CURRENCY_AND_AMOUNT: Record<ProviderId, [string, string]> = {
  wegetfinancing: ['USD', '1344.00'],
  iwocapay: ['GBP', '250.00'],
  affirm: ['USD', '499.99'],
  wipay: ['TTD', '120.00'],
  ecomtrade24: ['EUR', '49.95'],
};

export function amountOf(provider: ProviderId): string {
  return CURRENCY_AND_AMOUNT[provider][1];
}

export function sessionInputFor(
  provider: ProviderId,
  checkoutId: string,
  merchantOrderId: string,
  receiver: Receiver,
  avs = false,
): CreateSessionInput {
  const [currency, amount] = CURRENCY_AND_AMOUNT[provider];
  return {
    checkoutId,
    merchantOrderId,
    amount,
    currency,
    customer: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '5551234567',
      billingAddress: {
        street1: '1 Main St',
        city: 'Springfield',
        state: 'IL',
        zipcode: '62701',
        country: 'US',
      },
    },
    items: [{ sku: 'SKU-1', name: 'Widget', unitPrice: amount, quantity: 1 }],
    returnUrl: 'https://shop.example/return',
    cancelUrl: 'https://shop.example/cancel',
    options: avs ? { avs } : undefined,
    callbacks: {
      webhookUrl: receiver.webhookUrl(provider),
      redirectUrl: receiver.redirectUrl(provider, checkoutId),
    },
  };
}
