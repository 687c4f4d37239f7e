// The events the gateway sends to the merchant's endpoint, as documented in the OpenAPI
// `webhooks` section: Standard Webhooks headers (webhook-id, webhook-timestamp,
// webhook-signature) and an envelope whose `data` is the checkout as GET returns it.
// The event types are the sender's own list (workflows/merchant-events/contract.ts).
import { z } from './zod';
import type { MerchantEventType } from '../../../workflows/merchant-events/contract';
import { checkoutResponseSchema } from '../checkouts/responses';

export { MERCHANT_EVENT_TYPES } from '../../../workflows/merchant-events/contract';
export type { MerchantEventType } from '../../../workflows/merchant-events/contract';

export const merchantEventDataSchema = checkoutResponseSchema
  .extend({
    /** Increases with every event of one checkout: a receiver drops anything older than it has. */
    sequence: z.number().int().min(1),
    /** checkout.needsAttention only: the attention entry that raised it. */
    attentionCause: z.record(z.unknown()).optional(),
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
