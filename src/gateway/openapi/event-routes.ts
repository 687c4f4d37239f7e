// The merchant's outbound-event routes in the OpenAPI document (routes/events.ts), with
// the schemas the route parses and answers with (events/schema.ts).
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  eventIdSchema,
  eventListQuerySchema,
  eventListSchema,
  redeliveryAcceptedSchema,
} from '../events/schema';
import { AUTH_ERRORS, SERVER_ERRORS, errorResponses, mergeCodes } from './error-responses';
import { BEARER_AUTH } from './merchant-routes';
import { z } from './zod';

const security = [{ [BEARER_AUTH]: [] }];
const STORE_ERRORS = { 503: ['events_unavailable'] };

export function registerEventRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/events',
    tags: ['events'],
    summary: 'List outbound merchant events, newest first, with every delivery attempt',
    security,
    request: { query: eventListQuerySchema },
    responses: {
      200: {
        description: 'One page of events; pass nextCursor as cursor for the next',
        content: { 'application/json': { schema: eventListSchema } },
      },
      ...errorResponses(mergeCodes(AUTH_ERRORS, SERVER_ERRORS, STORE_ERRORS, { 400: ['invalid_request'] })),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/events/{eventId}/redeliver',
    tags: ['events'],
    summary: 'Send one event again, with the same id (the receiver dedups by webhook-id)',
    security,
    request: { params: z.object({ eventId: eventIdSchema }) },
    responses: {
      202: {
        description: 'A delivery attempt is under way',
        content: { 'application/json': { schema: redeliveryAcceptedSchema } },
      },
      ...errorResponses(mergeCodes(AUTH_ERRORS, SERVER_ERRORS, STORE_ERRORS, { 404: ['event_not_found'] })),
    },
  });
}
