// The URLs we hand each provider for reaching us back, all under PUBLIC_BASE_URL.
// Providers whose browser return is for the customer's eyes only (WeGetFinancing,
// iwocaPay, Ecomtrade24) send the browser straight to the merchant's page; Affirm and
// WiPay return through us, because that return carries the result we act on.
import type { ProviderId } from '../../workflows/domain';
import type { ProviderCallbackUrls } from '../providers/types';

export function callbackUrlsFor(
  provider: ProviderId,
  publicBaseUrl: string,
  returnUrl: string,
): ProviderCallbackUrls {
  const webhookUrl = `${publicBaseUrl}/webhooks/${provider}`;
  switch (provider) {
    case 'affirm':
      return { webhookUrl, redirectUrl: `${publicBaseUrl}/webhooks/affirm/confirm` };
    case 'wipay':
      return { webhookUrl, redirectUrl: `${publicBaseUrl}/webhooks/wipay` };
    case 'wegetfinancing':
    case 'iwocapay':
    case 'ecomtrade24':
      return { webhookUrl, redirectUrl: returnUrl };
  }
}
