// The merchant's routes in the OpenAPI document, each with the zod schemas its handler
// parses with and answers as, and every error code it can answer with.
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from './zod';
import { listQuerySchema, checkoutListSchema } from '../checkouts/list';
import { cancelAcceptedSchema, checkoutResponseSchema, checkoutSummarySchema } from '../checkouts/responses';
import { createCheckoutSchema } from '../checkouts/schema';
import {
  captureAnswerSchema,
  refundAnswerSchema,
  shipmentAnswerSchema,
  voidAnswerSchema,
} from '../payments/responses';
import {
  captureBodySchema,
  idempotencyKeySchema,
  refundBodySchema,
  shipmentBodySchema,
} from '../payments/schema';
import type { ErrorCodes } from './error-responses';
import {
  AUTH_ERRORS,
  IDEMPOTENCY_ERRORS,
  JSON_BODY_ERRORS,
  SERVER_ERRORS,
  errorResponses,
  mergeCodes,
} from './error-responses';

export const BEARER_AUTH = 'bearerAuth';
const security = [{ [BEARER_AUTH]: [] }];

const checkoutParams = z.object({
  checkoutId: z.string().describe('The checkout id POST /checkouts answered with, e.g. order-1001-a1'),
});
const idempotencyHeader = z.object({
  'idempotency-key': idempotencyKeySchema
    .optional()
    .describe('Repeat a request safely: the same key with the same body gets the same answer'),
});

function json(description: string, schema: z.ZodTypeAny): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

function jsonBody(schema: z.ZodTypeAny, required = true) {
  return { required, content: { 'application/json': { schema } } };
}

const CHECKOUT_NOT_FOUND: ErrorCodes = { 404: ['checkout_not_found'] };
/** Routes that read the order store for what outlives Temporal's retention. */
const STORE_READ_ERRORS: ErrorCodes = { 503: ['order_store_unavailable'] };

const PAYMENT_ERRORS: ErrorCodes = mergeCodes(AUTH_ERRORS, CHECKOUT_NOT_FOUND, SERVER_ERRORS, {
  400: ['invalid_request', 'invalid_idempotency_key'],
  409: ['payment_conflict', 'no_payment_lifecycle', 'not_completed'],
  422: ['invalid_amount', 'not_supported_by_provider'],
  502: ['provider_failed'],
});

export function registerMerchantRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/checkouts',
    tags: ['checkouts'],
    summary: 'Start a checkout, or get back the current attempt of this order',
    description:
      'The order id is the natural key: a repeat for a running or completed checkout answers 200 with it. ' +
      'An Idempotency-Key binds the request to its body: reused with another body it is a 409.',
    security,
    request: { headers: idempotencyHeader, body: jsonBody(createCheckoutSchema) },
    responses: {
      201: json('A new checkout attempt; redirect the customer to redirectUrl', checkoutSummarySchema),
      200: json(
        'The existing attempt of this order (or the answer given before for this key)',
        checkoutSummarySchema,
      ),
      ...errorResponses(
        mergeCodes(AUTH_ERRORS, JSON_BODY_ERRORS, IDEMPOTENCY_ERRORS, SERVER_ERRORS, STORE_READ_ERRORS, {
          409: ['order_conflict', 'too_many_attempts', 'attempt_conflict'],
          422: [
            'provider_not_configured',
            'method_not_offered',
            'expires_at_in_past',
            'expires_at_out_of_range',
          ],
          502: ['session_failed', 'provider_unavailable'],
        }),
      ),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/checkouts',
    tags: ['checkouts'],
    summary: 'List checkouts from the order store, newest first',
    description:
      'Cursor-paginated: pass nextCursor as cursor; checkouts created meanwhile never shift later pages.',
    security,
    request: { query: listQuerySchema },
    responses: {
      200: json('One page of checkouts', checkoutListSchema),
      ...errorResponses(
        mergeCodes(AUTH_ERRORS, SERVER_ERRORS, {
          400: ['invalid_query', 'invalid_cursor'],
          501: ['store_not_configured'],
        }),
      ),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/checkouts/{checkoutId}',
    tags: ['checkouts'],
    summary: 'Read a checkout, and its payment once completed',
    security,
    request: { params: checkoutParams },
    responses: {
      200: json('The checkout', checkoutResponseSchema),
      ...errorResponses(mergeCodes(AUTH_ERRORS, CHECKOUT_NOT_FOUND, SERVER_ERRORS, STORE_READ_ERRORS)),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/checkouts/{checkoutId}/cancel',
    tags: ['checkouts'],
    summary: 'Ask an undecided checkout to cancel',
    security,
    request: { params: checkoutParams, headers: idempotencyHeader },
    responses: {
      202: json('Handed to the checkout; read it to see the decision', cancelAcceptedSchema),
      ...errorResponses(
        mergeCodes(AUTH_ERRORS, CHECKOUT_NOT_FOUND, IDEMPOTENCY_ERRORS, SERVER_ERRORS, STORE_READ_ERRORS, {
          // already_completed: a payment in flight won the race; the body also has `checkout`.
          409: ['already_decided', 'already_completed'],
        }),
      ),
    },
  });

  const payments: Array<{
    path: string;
    summary: string;
    body?: z.ZodTypeAny;
    status: number;
    answer: z.ZodTypeAny;
  }> = [
    {
      path: 'captures',
      summary: 'Capture (part of) the authorized amount',
      body: captureBodySchema,
      status: 201,
      answer: captureAnswerSchema,
    },
    {
      path: 'refunds',
      summary: 'Refund (part of) what was captured',
      body: refundBodySchema,
      status: 201,
      answer: refundAnswerSchema,
    },
    {
      path: 'shipments',
      summary: 'Report a shipment (optionally capturing with it)',
      body: shipmentBodySchema,
      status: 201,
      answer: shipmentAnswerSchema,
    },
    { path: 'void', summary: 'Void what is still authorized', status: 200, answer: voidAnswerSchema },
  ];
  for (const payment of payments) {
    const bodyErrors = payment.body
      ? JSON_BODY_ERRORS
      : { 400: JSON_BODY_ERRORS[400] ?? [], 413: ['payload_too_large'] };
    registry.registerPath({
      method: 'post',
      path: `/checkouts/{checkoutId}/${payment.path}`,
      tags: ['payments'],
      summary: payment.summary,
      security,
      request: {
        params: checkoutParams,
        headers: idempotencyHeader,
        ...(payment.body ? { body: jsonBody(payment.body) } : {}),
      },
      responses: {
        [payment.status]: json('Done', payment.answer),
        ...errorResponses(mergeCodes(bodyErrors, PAYMENT_ERRORS)),
      },
    });
  }
}

export function registerOpsRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['ops'],
    summary: 'Liveness: the process answers',
    responses: { 200: json('Alive', z.object({ status: z.literal('ok') })) },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    tags: ['ops'],
    summary: 'Readiness: Temporal answers',
    responses: {
      200: json('Ready', z.object({ status: z.literal('ready') })),
      ...errorResponses({ 503: ['temporal_unavailable'] }),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags: ['ops'],
    summary: 'This document (OpenAPI 3.1)',
    responses: {
      200: {
        description: 'The OpenAPI document',
        content: { 'application/json': { schema: z.object({}).passthrough() } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    tags: ['ops'],
    summary: 'The API reference page, rendered from /openapi.json',
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
  });
}
