// The WiPay adapter: a hosted payment request, then the verified browser redirect.
// WiPay has no cancel call; the workflow's timers own expiry. With a WAPI key, the
// transaction read (once, before the 240-minute cancel) and, after the order, a refund
// request for the whole transaction.
import type { ProviderAdapter, RefundInput } from '../types';
import type { WipayClientOptions } from './client';
import { createWipayClient } from './client';
import type { WipayConfig } from './config';
import { parseWipayInbound } from './inbound';
import { requestWipayRefund } from './refund';
import { readWipayTransaction } from './transaction-read';
import { buildWipayPaymentRequest } from './request';

export { loadWipayConfig } from './config';
export type { WipayConfig } from './config';
export { WIPAY_STATUSES, WIPAY_STATUS_OUTCOMES, wipayOutcome } from './status';
export { wipayResultHash } from './hash';

/** Hosted sessions expire after 3 minutes, 5 with AVS (seed). */
export const WIPAY_SESSION_MS = 3 * 60_000;
export const WIPAY_AVS_SESSION_MS = 5 * 60_000;

export interface WipayAdapterOptions extends WipayClientOptions {
  /** The clock for expiresAt; injectable for tests. */
  now?: () => Date;
}

export function createWipayAdapter(config: WipayConfig, options: WipayAdapterOptions = {}): ProviderAdapter {
  const client = createWipayClient(config, options);
  const now = options.now ?? (() => new Date());
  const { wapiKey } = config;
  return {
    id: 'wipay',
    async createSession(input) {
      const requestedAt = now();
      const created = await client.requestPayment(buildWipayPaymentRequest(input, config));
      const lifetime = input.options?.avs ? WIPAY_AVS_SESSION_MS : WIPAY_SESSION_MS;
      return {
        providerReference: created.transaction_id,
        redirectUrl: created.url,
        expiresAt: new Date(requestedAt.getTime() + lifetime).toISOString(),
      };
    },
    // Offered only with a WAPI key (absent, not undefined, so `'refund' in adapter` agrees);
    // without one the API answers not_supported_by_provider.
    ...(wapiKey
      ? {
          refund: (input: RefundInput) => requestWipayRefund({ ...config, wapiKey }, input, options),
          // The transaction read, before the workflow gives a checkout up.
          readStatus: (transactionId: string) =>
            readWipayTransaction({ ...config, wapiKey }, transactionId, options),
        }
      : {}),
    parseInbound: (channel, request) => parseWipayInbound(config.apiKey, channel, request),
  };
}
