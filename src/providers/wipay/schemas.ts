// WiPay's wire formats as zod schemas, shared by the adapter and the sandbox simulator.
import { z } from 'zod';
import { WIPAY_COUNTRY_CODES, WIPAY_FEE_STRUCTURES, WIPAY_IDENTIFIER, WIPAY_ORIGIN_MAX } from './config';

const IDENTIFIER_RULE = 'only [A-Za-z0-9_-], not starting or ending with - or _';
/** WiPay wants the request total with exactly two decimals. */
export const WIPAY_REQUEST_TOTAL = /^(0|[1-9]\d*)\.\d{2}$/;
export const WIPAY_RESPONSE_URL_MAX = 255;

/** The form fields of `POST /plugins/payments/request` (required ones first). */
export const wipayPaymentRequestSchema = z.object({
  account_number: z.string().regex(/^\d+$/),
  // Upper case only (`^[A-Z]{2}$`), one of WiPay's platforms.
  country_code: z.enum(WIPAY_COUNTRY_CODES),
  currency: z.string().regex(/^[A-Z]{3}$/),
  environment: z.enum(['live', 'sandbox']),
  fee_structure: z.enum(WIPAY_FEE_STRUCTURES),
  method: z.literal('credit_card_co'),
  order_id: z.string().regex(WIPAY_IDENTIFIER, IDENTIFIER_RULE),
  origin: z.string().max(WIPAY_ORIGIN_MAX).regex(WIPAY_IDENTIFIER, IDENTIFIER_RULE),
  response_url: z.string().url().max(WIPAY_RESPONSE_URL_MAX),
  total: z.string().regex(WIPAY_REQUEST_TOTAL, 'must have exactly 2 decimals'),
  avs: z.enum(['0', '1']).optional(),
  data: z.string().optional(),
  email: z.string().optional(),
  fname: z.string().optional(),
  lname: z.string().optional(),
  phone: z.string().optional(),
});
export type WipayPaymentRequest = z.infer<typeof wipayPaymentRequestSchema>;

/** The JSON answer when the request carries `Accept: application/json`. */
export const wipayPaymentResponseSchema = z.object({
  url: z.string().url(),
  transaction_id: z.string().min(1),
});

/**
 * Error body [?]: WiPay's JSON errors carry a `message` and, for validation failures,
 * per-field `errors`; we read both when present and fall back to the raw text.
 */
export const wipayErrorSchema = z.object({
  message: z.string().optional(),
  errors: z.record(z.union([z.string(), z.array(z.string())])).optional(),
});

export function describeWipayError(body: unknown): string | undefined {
  const parsed = wipayErrorSchema.safeParse(body);
  if (!parsed.success || (!parsed.data.message && !parsed.data.errors)) return undefined;
  const fields = Object.entries(parsed.data.errors ?? {}).map(
    ([field, reasons]) => `${field}: ${([] as string[]).concat(reasons).join(', ')}`,
  );
  return [parsed.data.message, ...fields].filter(Boolean).join('; ');
}

/**
 * The result fields on the response_url query that we read. Only `status` is always
 * there; `hash` comes with `success` only, and `total` (the final total, fee included)
 * and `order_id` are not covered by the hash, so nothing here decides on its own.
 */
export const wipayResultSchema = z.object({
  status: z.string().min(1).max(100),
  transaction_id: z.string().max(200).optional(),
  hash: z.string().optional(),
});
