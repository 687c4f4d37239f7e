// The Affirm adapter: direct checkout, confirmation → authorize, void; after the order,
// capture (full or split), refund and shipping updates. Webhooks are a second path
// (Affirm does not retry them), the confirmation redirect the first.
import { fromMinorUnits, InvalidAmountError, toMinorUnits } from '../../money';
import { ProviderError } from '../errors';
import type { ProviderAdapter } from '../types';
import { buildAffirmCheckout, checkoutExpiryFrom } from './checkout';
import type { AffirmClientOptions } from './client';
import { createAffirmClient } from './client';
import type { AffirmConfig } from './config';
import { parseAffirmInbound } from './inbound';
import { affirmCheckoutStatusOutcome } from './status';

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
    /**
     * Not a payment status: whether the customer confirmed a checkout whose confirmation
     * never reached us (Affirm does not retry webhooks). A confirmed one carries its
     * checkout_id as the token to authorize, since the two are one value [doc].
     */
    async readStatus(providerReference) {
      const checkout = await client.readCheckout(providerReference);
      const rawStatus = checkout.checkout_status ?? 'unreported';
      const kind = affirmCheckoutStatusOutcome(rawStatus);
      return {
        providerReference,
        rawStatus,
        kind,
        ...(kind === 'authorize' ? { authorizationToken: providerReference } : {}),
        ...(checkout.total === undefined ? {} : { amount: fromMinorUnits(checkout.total) }),
        ...(checkout.currency === undefined ? {} : { currency: checkout.currency }),
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
    async capture(input) {
      // The amount always goes out: equal to the authorization it is a full capture, less
      // is a split capture, which Affirm refuses (409) for merchants without it [doc].
      const captured = await client.capture(
        input.transactionId,
        {
          order_id: input.checkoutId,
          amount: positiveCents(input.amount),
          shipping_carrier: input.shipping?.carrier,
          shipping_confirmation: input.shipping?.trackingNumber,
        },
        input.idempotencyKey,
      );
      return { providerId: captured.id, amount: fromMinorUnits(captured.amount) };
    },
    async refund(input) {
      const refunded = await client.refund(
        input.transactionId,
        { amount: positiveCents(input.amount) },
        input.idempotencyKey,
      );
      return { providerId: refunded.id, amount: fromMinorUnits(refunded.amount) };
    },
    async updateShipping(input) {
      if (!input.transactionId)
        throw new ProviderError('affirm', 'a shipping update needs the transaction', false);
      await client.update(
        input.transactionId,
        {
          order_id: input.checkoutId,
          shipping_carrier: input.carrier,
          shipping_confirmation: input.trackingNumber,
        },
        input.idempotencyKey,
      );
    },
    parseInbound: (channel, request) => parseAffirmInbound(config.webhook, channel, request),
  };
}

/** A capture or refund amount in cents; a malformed or zero amount is refused before any call. */
function positiveCents(amount: string): number {
  let cents: number;
  try {
    cents = toMinorUnits(amount);
  } catch (err) {
    if (err instanceof InvalidAmountError) throw new ProviderError('affirm', err.message, false);
    throw err;
  }
  if (cents <= 0) throw new ProviderError('affirm', 'the amount must be more than zero', false);
  return cents;
}
