// The OpenAPI 3.1 document, generated from the zod schemas the routes parse with and
// answer as (merchant-routes.ts, provider-routes.ts, webhook-events.ts). Built once per
// process: it depends on code only, never on configuration or requests.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { BEARER_AUTH, registerMerchantRoutes, registerOpsRoutes } from './merchant-routes';
import { registerEventRoutes } from './event-routes';
import { registerProviderRoutes } from './provider-routes';
import { registerMerchantEvents } from './webhook-events';

export const API_VERSION = '1.0.0';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let built: OpenApiDocument | undefined;

export function openApiDocument(): OpenApiDocument {
  if (built) return built;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_AUTH, {
    type: 'http',
    scheme: 'bearer',
    description: 'One of the gateway API_KEYS',
  });
  registerMerchantRoutes(registry);
  registerOpsRoutes(registry);
  registerEventRoutes(registry);
  registerProviderRoutes(registry);
  registerMerchantEvents(registry);
  built = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Checkout orchestrator API',
      version: API_VERSION,
      description:
        'Hosted checkouts through WeGetFinancing, iwocaPay, Affirm, WiPay and Ecomtrade24, and the payment after the order. ' +
        'Amounts are decimal strings; errors are {error: {code, message}}.',
    },
    tags: [
      { name: 'checkouts' },
      { name: 'payments' },
      { name: 'events', description: 'The outbound merchant events and their delivery attempts' },
      { name: 'ops' },
      {
        name: 'provider receivers',
        description: 'Called by the providers and customers’ browsers, not by the merchant',
      },
      { name: 'merchant events' },
    ],
  });
  return built;
}
