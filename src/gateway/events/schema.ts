// GET /events and POST /events/:id/redeliver: the query the route parses and the answers
// it builds, as zod schemas, so the OpenAPI document (openapi/event-routes.ts) is the code.
import { MERCHANT_EVENT_STATUSES, MERCHANT_EVENT_TYPES } from '../../../workflows/merchant-events/contract';
import { envelopeOf } from '../../merchant-events/envelope';
import type { MerchantEventRecord } from '../../store';
import { z } from '../openapi/zod';

const PAGE_SIZE = 25;
const CURSOR = /^p([1-9]\d{0,15})$/;

export const eventListQuerySchema = z
  .object({
    checkoutId: z.string().min(1).max(300).optional(),
    type: z.enum(MERCHANT_EVENT_TYPES).optional(),
    cursor: z
      .string()
      .max(64)
      .transform((text, ctx) => {
        const decoded = CURSOR.exec(Buffer.from(text, 'base64url').toString('latin1'));
        if (!decoded) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a cursor this API returned' });
          return z.NEVER;
        }
        return Number(decoded[1]);
      })
      .optional()
      .describe('nextCursor of the page before'),
    limit: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
  })
  .strict();

export const eventIdSchema = z.string().regex(/^evt_[0-9a-f]{32}$/);

export function cursorOf(position: number): string {
  return Buffer.from(`p${position}`, 'latin1').toString('base64url');
}

const attemptSchema = z.object({
  attempt: z.number().int().min(1),
  attemptedAt: z.string(),
  statusCode: z.number().int().nullable().describe('null when no answer came (timeout, refused)'),
  durationMs: z.number().int().min(0),
  errorClass: z.string().nullable().describe('httpStatus, redirect, timeout, connection; null if delivered'),
});

export const eventViewSchema = z
  .object({
    id: z.string(),
    type: z.enum(MERCHANT_EVENT_TYPES),
    checkoutId: z.string(),
    sequence: z.number().int().min(1),
    createdAt: z.string(),
    status: z.enum(MERCHANT_EVENT_STATUSES),
    deliveredAt: z.string().nullable(),
    attemptCount: z.number().int().min(0),
    attempts: z.array(attemptSchema),
    payload: z
      .object({ id: z.string(), type: z.string(), createdAt: z.string(), data: z.record(z.unknown()) })
      .describe('The exact body every attempt sends'),
  })
  .openapi('MerchantEventRecord');

export const eventListSchema = z.object({
  events: z.array(eventViewSchema),
  nextCursor: z.string().nullable(),
});
export type EventList = z.infer<typeof eventListSchema>;

export const redeliveryAcceptedSchema = z.object({ id: z.string(), redelivering: z.literal(true) });
export type RedeliveryAccepted = z.infer<typeof redeliveryAcceptedSchema>;

/** One event as the merchant sees it: what was (or is to be) sent, and every attempt. */
export function eventView(event: MerchantEventRecord): z.infer<typeof eventViewSchema> {
  return {
    id: event.id,
    type: event.type,
    checkoutId: event.checkoutId,
    sequence: event.seq,
    createdAt: event.createdAt,
    status: event.status,
    deliveredAt: event.deliveredAt,
    attemptCount: event.attemptCount,
    attempts: event.attempts,
    payload: envelopeOf(event),
  };
}
