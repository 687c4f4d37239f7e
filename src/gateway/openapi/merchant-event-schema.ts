// The events the gateway sends to the merchant's endpoint, as documented in the OpenAPI
// `webhooks` section: Standard Webhooks headers (webhook-id, webhook-timestamp,
// webhook-signature) and an envelope whose `data` is the checkout as GET returns it.
// One file, so it can be reconciled with the sender's own schema.
import { z } from './zod';
import { checkoutResponseSchema } from '../checkouts/responses';

export const MERCHANT_EVENT_TYPES = [
  'checkout.completed',
  'checkout.cancelled',
  'checkout.timedOut',
  'checkout.needsAttention',
  'payment.captured',
  'payment.refunded',
  'payment.voided',
  'payment.authorizationExpiring',
] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

export const merchantEventDataSchema = checkoutResponseSchema
  .extend({
    /** Increases with every event of one checkout: a receiver drops anything older than it has. */
    sequence: z.number().int().min(1),
  })
  .openapi('MerchantEventData');

export function merchantEventSchema(type: MerchantEventType) {
  return z.object({
    id: z.string().describe('The event id; equal to the webhook-id header'),
    type: z.literal(type),
    createdAt: z.string().describe('ISO-8601 instant'),
    data: merchantEventDataSchema,
  });
}

export const merchantEventHeadersSchema = z.object({
  'webhook-id': z.string(),
  'webhook-timestamp': z.string().regex(/^\d+$/).describe('Unix seconds'),
  'webhook-signature': z.string().describe('Space-separated `v1,<base64 HMAC-SHA256>` signatures'),
});
