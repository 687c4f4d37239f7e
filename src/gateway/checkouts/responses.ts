// The answers of the checkout routes as zod schemas. The shaping functions (state.ts)
// are typed by these, and the OpenAPI document (openapi/) is generated from them, so
// the reference cannot drift from what the routes send.
import { z } from '../openapi/zod';
import { CANCEL_REASONS, CHECKOUT_STATUSES } from '../../../workflows/contract';
import { EVENT_SOURCES, OUTCOME_KINDS, PROVIDER_IDS } from '../../../workflows/domain';
import { paymentDetailSchema } from '../payments/responses';
import { metadataSchema } from './metadata';

const decimal = z.string().describe('decimal string, e.g. "49.95"');
const instant = z.string().describe('ISO-8601 instant');
const provider = z.enum(PROVIDER_IDS);

export const checkoutSummarySchema = z
  .object({
    checkoutId: z.string(),
    orderId: z.string(),
    provider,
    status: z.enum(CHECKOUT_STATUSES),
    redirectUrl: z.string().nullable(),
    providerReference: z.string().nullable(),
    /** The provider session's expiry, or the merchant's expiresAt when that is sooner. */
    expiresAt: instant.nullable(),
    metadata: metadataSchema,
  })
  .openapi('CheckoutSummary');
export type CheckoutSummary = z.infer<typeof checkoutSummarySchema>;

const money = z.object({ amount: decimal, currency: z.string() });
const reportedMoney = z.object({ amount: decimal.optional(), currency: z.string().optional() });

const attentionEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('amountMismatch'),
    provider,
    expected: money,
    reported: reportedMoney,
    reportedBy: z.enum(['event', 'session']),
    eventId: z.string(),
    at: instant,
  }),
  z.object({
    kind: z.literal('storeRefused'),
    operation: z.enum(['completeOrder', 'cancelOrder']),
    reason: z.string(),
    at: instant,
  }),
  z.object({ kind: z.literal('merchantCancelRequested'), at: instant }),
  z.object({
    kind: z.literal('resolved'),
    action: z.enum(['complete', 'cancel']),
    note: z.string().optional(),
    at: instant,
  }),
  z.object({
    kind: z.literal('paidAfterCancel'),
    provider,
    amount: decimal,
    currency: z.string().optional(),
    at: instant,
    eventId: z.string(),
    action: z
      .object({
        kind: z.enum(['voided', 'cancelledAtProvider', 'refundAtProvider']),
        reference: z.string(),
        detail: z.string().optional(),
      })
      .describe('voided / cancelledAtProvider: undone at the provider; refundAtProvider: ops must refund'),
  }),
]);

const eventLedgerSchema = z.object({
  received: z.number().int(),
  duplicates: z.number().int(),
  afterDecision: z.number().int(),
  unknownStatus: z.number().int(),
  foreign: z.number().int(),
  lastSeen: z
    .object({
      eventId: z.string(),
      kind: z.enum(OUTCOME_KINDS),
      rawStatus: z.string(),
      source: z.enum(EVENT_SOURCES),
      receivedAt: instant,
    })
    .optional(),
});

export const checkoutDetailSchema = checkoutSummarySchema
  .extend({
    amount: decimal,
    currency: z.string(),
    reason: z.enum(CANCEL_REASONS).nullable(),
    detail: z.string().nullable(),
    needsAttention: z.boolean(),
    attention: z.array(attentionEntrySchema),
    order: z.object({ orderId: z.string(), providerTransactionId: z.string().nullable() }).nullable(),
    // null (with source "orderStore") when only the store answers.
    events: eventLedgerSchema.nullable(),
    refunds: z
      .array(z.object({ eventId: z.string(), amount: decimal.optional(), receivedAt: instant }))
      .nullable(),
    polls: z.number().int().nullable(),
    openedAt: instant,
    decidedAt: instant.nullable(),
    source: z
      .literal('orderStore')
      .optional()
      .describe(
        'Present when the order store answered: Temporal no longer has the checkout (retention), or cannot answer for it just now (no worker running, server unreachable)',
      ),
  })
  .openapi('CheckoutDetail');
export type CheckoutDetailBody = z.infer<typeof checkoutDetailSchema>;

/** GET /checkouts/:checkoutId: the checkout, and its money once it completed. */
export const checkoutResponseSchema = checkoutDetailSchema
  .extend({
    payment: paymentDetailSchema.nullable(),
    /** Present (true) when the payment workflow could not be asked just now. */
    paymentUnavailable: z.literal(true).optional(),
  })
  .openapi('Checkout');
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

export const cancelAcceptedSchema = z.object({
  checkoutId: z.string(),
  status: z.enum(CHECKOUT_STATUSES),
  cancelRequested: z.literal(true),
});
export type CancelAccepted = z.infer<typeof cancelAcceptedSchema>;
