// The merchant events in the document's OpenAPI 3.1 `webhooks` section: what the gateway
// POSTs to the merchant's endpoint, one entry per event type.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  MERCHANT_EVENT_TYPES,
  merchantEventDataSchema,
  merchantEventHeadersSchema,
  merchantEventSchema,
} from './merchant-event-schema';

export function registerMerchantEvents(registry: OpenAPIRegistry): void {
  // The generator adds components it meets in paths, not in webhooks: named here.
  registry.register('MerchantEventData', merchantEventDataSchema);
  for (const type of MERCHANT_EVENT_TYPES) {
    registry.registerWebhook({
      method: 'post',
      path: type,
      tags: ['merchant events'],
      summary: `${type}: sent to the merchant's endpoint, signed per Standard Webhooks`,
      request: {
        headers: merchantEventHeadersSchema,
        body: { required: true, content: { 'application/json': { schema: merchantEventSchema(type) } } },
      },
      responses: {
        200: { description: 'Any 2xx acknowledges the event; anything else is delivered again later' },
      },
    });
  }
}
