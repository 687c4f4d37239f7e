// The URLs we hand each provider for reaching us back, all under PUBLIC_BASE_URL.
// Providers whose browser return is for the customer's eyes only (WeGetFinancing,
// iwocaPay, Ecomtrade24) send the browser straight to the merchant's page; Affirm and
// WiPay return through us, because that return carries the result we act on. Those two
// return URLs are bound to their checkout (callback-binding.ts).
import type { ProviderId } from '../../workflows/domain';
import type { ProviderCallbackUrls } from '../providers/types';
import { bindCallbackUrl } from './callback-binding';

export interface CallbackContext {
  publicBaseUrl: string;
  callbackSecret: string;
  checkoutId: string;
  /** The checkout's requested amount: WiPay's result hash is computed over it. */
  amount: string;
  returnUrl: string;
}

export function callbackUrlsFor(provider: ProviderId, ctx: CallbackContext): ProviderCallbackUrls {
  const { publicBaseUrl, callbackSecret, checkoutId, amount, returnUrl } = ctx;
  const webhookUrl = `${publicBaseUrl}/webhooks/${provider}`;
  switch (provider) {
    case 'affirm':
      return {
        webhookUrl,
        redirectUrl: bindCallbackUrl(`${publicBaseUrl}/webhooks/affirm/confirm`, callbackSecret, {
          checkoutId,
        }),
      };
    case 'wipay':
      return {
        webhookUrl,
        redirectUrl: bindCallbackUrl(`${publicBaseUrl}/webhooks/wipay`, callbackSecret, {
          checkoutId,
          amount,
        }),
      };
    case 'wegetfinancing':
    case 'iwocapay':
    case 'ecomtrade24':
      return { webhookUrl, redirectUrl: returnUrl };
  }
}
