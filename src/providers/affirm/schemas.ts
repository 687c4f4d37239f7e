// Affirm's wire formats, as zod schemas: the single source of truth for both the
// adapter and the sandbox simulator. Amounts on Affirm's API are integer cents.
import { z } from 'zod';

const cents = z.number().int().nonnegative();

/** ISO 8601 to the second, without milliseconds, as Affirm documents `checkout_expiration`. */
const WHOLE_SECOND_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;

export const affirmNameSchema = z.object({ first: z.string().min(1), last: z.string().min(1) });

export const affirmAddressSchema = z.object({
  line1: z.string().min(1),
  line2: z.string().optional(),
  city: z.string().min(1),
  state: z.string().min(1),
  zipcode: z.string().min(1),
  country: z.string().min(2),
});

export const affirmContactSchema = z.object({
  name: affirmNameSchema,
  address: affirmAddressSchema.optional(),
  email: z.string().email().optional(),
  phone_number: z.string().optional(),
});

export const affirmItemSchema = z.object({
  sku: z.string().min(1),
  display_name: z.string().min(1),
  unit_price: cents,
  qty: z.number().int().positive(),
});

/** The checkout object of `POST /api/v2/checkout/direct`. */
export const affirmCheckoutSchema = z.object({
  merchant: z.object({
    user_confirmation_url: z.string().url(),
    user_cancel_url: z.string().url(),
    user_confirmation_url_action: z.enum(['GET', 'POST']).optional(),
  }),
  billing: affirmContactSchema.optional(),
  shipping: affirmContactSchema.optional(),
  items: z.array(affirmItemSchema).min(1),
  order_id: z.string().min(1).optional(),
  currency: z.string().length(3).optional(),
  total: cents,
  shipping_amount: cents.optional(),
  tax_amount: cents.optional(),
  /** When the checkout_id expires (Affirm shows a countdown); no milliseconds [doc]. */
  checkout_expiration: z
    .string()
    .regex(WHOLE_SECOND_TIMESTAMP, 'must be an ISO 8601 timestamp without milliseconds')
    .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a valid date')
    .optional(),
  /** Affirm also documents this TTL for the confirmation; we do not send it. */
  expiration_time: z.string().datetime({ offset: true }).optional(),
});
export type AffirmCheckout = z.infer<typeof affirmCheckoutSchema>;

export const affirmCheckoutResponseSchema = z.object({
  checkout_id: z.string().min(1),
  redirect_url: z.string().url(),
});
export type AffirmCheckoutResponse = z.infer<typeof affirmCheckoutResponseSchema>;

/**
 * What `GET /api/v2/checkout/{checkout_id}` answers: the checkout object [doc]. Affirm's
 * reference does not list a status field; `checkout_status` (pending | confirmed | failed |
 * expired) is from third-party descriptions of the API [3p], so every field is optional
 * and anything else in the body is ignored.
 */
export const affirmCheckoutReadSchema = z.object({
  checkout_id: z.string().optional(),
  checkout_status: z.string().min(1).max(100).optional(),
  order_id: z.string().optional(),
  total: cents.optional(),
  currency: z.string().optional(),
});
export type AffirmCheckoutRead = z.infer<typeof affirmCheckoutReadSchema>;

export const affirmAuthorizeRequestSchema = z.object({
  transaction_id: z.string().min(1),
  order_id: z.string().min(1).optional(),
});

/** The transaction object; we read what the workflow checks and keep the rest out of the way. */
export const affirmTransactionSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  amount: cents,
  order_id: z.string().optional(),
  checkout_id: z.string().optional(),
  currency: z.string().optional(),
});
export type AffirmTransaction = z.infer<typeof affirmTransactionSchema>;

/** Affirm bounds its free-text transaction fields to 1..128 characters [doc: capture_transaction]. */
const affirmText = z.string().min(1).max(128);
/** Capture, refund and the split-capture amount: a positive number of cents [doc]. */
const positiveCents = z.number().int().positive();

/** `POST /api/v1/transactions/{id}/capture`; `amount` only with split capture [doc]. */
export const affirmCaptureRequestSchema = z.object({
  order_id: affirmText.optional(),
  reference_id: affirmText.optional(),
  shipping_carrier: affirmText.optional(),
  shipping_confirmation: affirmText.optional(),
  amount: positiveCents.optional(),
});
export type AffirmCaptureRequest = z.infer<typeof affirmCaptureRequestSchema>;

/** `POST /api/v1/transactions/{id}/refund`; without `amount` everything captured is refunded [doc]. */
export const affirmRefundRequestSchema = z.object({
  amount: positiveCents.optional(),
  reference_id: affirmText.optional(),
});
export type AffirmRefundRequest = z.infer<typeof affirmRefundRequestSchema>;

/** `POST /api/v1/transactions/{id}/update`: order id and shipping details [doc]. */
export const affirmUpdateRequestSchema = z.object({
  order_id: affirmText.optional(),
  shipping_carrier: affirmText.optional(),
  shipping_confirmation: affirmText.optional(),
});
export type AffirmUpdateRequest = z.infer<typeof affirmUpdateRequestSchema>;

/** What capture, refund, void and update answer: one transaction event [doc: the capture object]. */
export const affirmTransactionEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  amount: cents.optional(),
  transaction_id: z.string().optional(),
  currency: z.string().optional(),
  created: z.string().optional(),
});
export type AffirmTransactionEvent = z.infer<typeof affirmTransactionEventSchema>;

/** A capture or refund event always says how much moved. */
export const affirmMoneyEventSchema = affirmTransactionEventSchema.extend({ amount: cents });
export type AffirmMoneyEvent = z.infer<typeof affirmMoneyEventSchema>;

/** Affirm's error body; `describeAffirmError` turns it into a reason for logs. */
export const affirmErrorSchema = z.object({
  status_code: z.number().int().optional(),
  type: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  field: z.string().optional(),
});
export type AffirmErrorBody = z.infer<typeof affirmErrorSchema>;

export function describeAffirmError(body: unknown): string | undefined {
  const parsed = affirmErrorSchema.safeParse(body);
  if (!parsed.success || (!parsed.data.code && !parsed.data.message)) return undefined;
  const { code, message, field } = parsed.data;
  return [code, message, field ? `(field ${field})` : undefined].filter(Boolean).join(': ');
}

/**
 * Status-visibility webhook fields (seed). `event` stays a free string here: an event
 * name we do not know must reach the mapping table and come out as `unknown`.
 */
export const affirmWebhookSchema = z.object({
  checkout_token: z.string().min(1),
  event: z.string().min(1),
  event_timestamp: z.string().min(1),
  created: z.string().optional(),
  order_id: z.string().min(1).optional(),
});
export type AffirmWebhook = z.infer<typeof affirmWebhookSchema>;

/**
 * What the customer's browser brings to `user_confirmation_url`. Our checkout comes from
 * the verified binding, never from here.
 */
export const affirmConfirmationSchema = z.object({
  checkout_token: z.string().min(1),
});
