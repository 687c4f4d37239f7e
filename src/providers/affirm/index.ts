// The Affirm adapter: direct checkout, confirmation → authorize, void; webhooks are a
// second path (Affirm does not retry them), the confirmation redirect the first.
import { fromMinorUnits } from '../../money';
import type { ProviderAdapter } from '../types';
import { buildAffirmCheckout, checkoutExpiryFrom } from './checkout';
import type { AffirmClientOptions } from './client';
import { createAffirmClient } from './client';
import type { AffirmConfig } from './config';
import { parseAffirmInbound } from './inbound';

export { loadAffirmConfig } from './config';
export type { AffirmConfig } from './config';
export { AFFIRM_EVENTS, AFFIRM_EVENT_OUTCOMES, affirmOutcome } from './status';

export interface AffirmAdapterOptions extends AffirmClientOptions {
  /** The clock for the checkout's checkout_expiration; injectable for tests. */
  now?: () => Date;
}

export function createAffirmAdapter(
  config: AffirmConfig,
  options: AffirmAdapterOptions = {},
): ProviderAdapter {
  const client = createAffirmClient(config, options);
  const now = options.now ?? (() => new Date());
  return {
    id: 'affirm',
    async createSession(input) {
      const expiresAt = checkoutExpiryFrom(now(), config.checkoutTtlMinutes);
      const created = await client.createCheckout(buildAffirmCheckout(input, expiresAt));
      return {
        providerReference: created.checkout_id,
        redirectUrl: created.redirect_url,
        expiresAt: expiresAt.toISOString(),
      };
    },
    async authorize(input) {
      const transaction = await client.authorize(input.checkoutToken, input.checkoutId, input.idempotencyKey);
      return {
        transactionId: transaction.id,
        status: transaction.status,
        amount: fromMinorUnits(transaction.amount),
        orderId: transaction.order_id,
        sessionReference: transaction.checkout_id,
      };
    },
    voidAuthorization: (input) => client.voidTransaction(input.transactionId, input.idempotencyKey),
    parseInbound: (channel, request) => parseAffirmInbound(config.webhook, channel, request),
  };
}
