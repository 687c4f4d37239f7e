// The provider receivers in the OpenAPI document, under their own tag: they are called by
// the providers (and customers' browsers), not by the merchant, and their bodies are each
// provider's own format, verified by its adapter. Generated from the same RECEIVERS table
// the router is built from, so a new receiver cannot be left out.
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { RECEIVERS } from '../inbound/receivers';
import type { Receiver } from '../inbound/receivers';
import type { ErrorCodes } from './error-responses';
import { SERVER_ERRORS, errorResponses, mergeCodes } from './error-responses';

const acknowledged: ResponseConfig = {
  description: 'Received (and handed to the checkout when it was a verified event)',
  content: { 'application/json': { schema: z.object({ received: z.literal(true) }) } },
};
const redirected: ResponseConfig = { description: "Redirect to the merchant's return or cancel page" };

function responses(receiver: Receiver, method: 'get' | 'post'): Record<string, ResponseConfig> {
  const body: ErrorCodes =
    method === 'post' ? { 413: ['payload_too_large'], 415: ['unsupported_media_type'] } : {};
  return {
    200: acknowledged,
    ...(receiver.answer === 'ack' ? {} : { 302: redirected }),
    ...errorResponses(
      mergeCodes(body, SERVER_ERRORS, {
        400: ['malformed_message'],
        401: ['verification_failed'],
        404: ['provider_not_configured'],
      }),
    ),
  };
}

export function registerProviderRoutes(registry: OpenAPIRegistry): void {
  for (const receiver of RECEIVERS) {
    for (const method of receiver.methods) {
      registry.registerPath({
        method,
        path: receiver.path,
        tags: ['provider receivers'],
        summary: `${receiver.provider}: ${receiver.channel} (called by the provider, not by the merchant)`,
        ...(method === 'post'
          ? {
              request: {
                body: {
                  required: false,
                  content: Object.fromEntries(
                    receiver.mediaTypes.map((type) => [
                      type,
                      { schema: z.string().describe("the provider's format") },
                    ]),
                  ),
                },
              },
            }
          : {}),
        responses: responses(receiver, method),
      });
    }
  }
}
