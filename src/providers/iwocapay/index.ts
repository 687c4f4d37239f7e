// iwocaPay adapter: create an order, learn its fate from signed webhooks or by polling
// the order (signed answers only), and cancel it at the provider when the checkout is
// cancelled first.
import type { ProviderAdapter } from '../types';
import { IwocaPayClient, type ClientOptions } from './client';
import type { IwocaPayConfig } from './config';
import { parseIwocaPayInbound } from './inbound';

export { loadIwocaPayConfig, IWOCAPAY_STAGING_BASE_URL, type IwocaPayConfig } from './config';
export { IwocaPayClient } from './client';
export { describeIwocaPayError, isDuplicateReferenceRefusal } from './describe-error';
export { iwocaPayEndpoints } from './endpoints';
export { IWOCAPAY_STATUS_OUTCOMES, IWOCAPAY_STATUSES, mapIwocaPayStatus } from './status';
export { IWOCAPAY_SIGNATURE_HEADER, signWebhook } from './signature';

export function createIwocaPayAdapter(config: IwocaPayConfig, options: ClientOptions = {}): ProviderAdapter {
  const client = new IwocaPayClient(config, options);
  return {
    id: 'iwocapay',
    createSession: (input) => client.createOrder(input),
    readStatus: (orderId) => client.readOrder(orderId),
    cancelSession: (orderId) => client.cancelOrder(orderId),
    parseInbound: (channel, request) => parseIwocaPayInbound(config, channel, request),
  };
}
