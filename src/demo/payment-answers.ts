// What the merchant API answers about an order's money (issue: captures, refunds and the
// `payment` block of GET /checkouts/:id), as zod schemas: the demo and the end-to-end
// tests read these answers only through them. Amounts are decimal strings.
import { z } from 'zod';
import { describeIssues } from '../config/issues';

const decimalAmount = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'a decimal amount string');

const movementSchema = z.object({ id: z.string().min(1), amount: decimalAmount, status: z.string().min(1) });

export const captureAnswerSchema = z.object({ capture: movementSchema });
export type CaptureAnswer = z.output<typeof captureAnswerSchema>;

export const refundAnswerSchema = z.object({ refund: movementSchema });
export type RefundAnswer = z.output<typeof refundAnswerSchema>;

export const paymentSummarySchema = z.object({
  authorized: decimalAmount,
  captured: decimalAmount,
  refunded: decimalAmount,
  // The issue lists `voided` with the decimal strings; the workflow's state holds a flag.
  // Either is read.
  voided: z.union([z.boolean(), decimalAmount]),
  authorizationExpiresAt: z.string().datetime({ offset: true }).nullish(),
  captures: z.array(movementSchema),
  refunds: z.array(movementSchema),
});
export type PaymentSummary = z.output<typeof paymentSummarySchema>;

/** GET /checkouts/:id: `payment` once the completed order's payment workflow runs, absent before. */
export const checkoutPaymentSchema = z.object({ payment: paymentSummarySchema.nullish() });

/** The API's JSON error body, as every route answers it. */
export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.output<typeof apiErrorSchema>['error'];

/** A parsed answer: the body on 2xx, the API's error otherwise. */
export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; error: ApiError };

/** Reads an answer through `schema`; anything else is a clear error naming what did not fit. */
export function parseAnswer<T>(
  what: string,
  status: number,
  body: unknown,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
): ApiResult<T> {
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new Error(`${what} answered ${status} with an unexpected body: ${describeIssues(parsed.error)}`);
    return { ok: true, status, body: parsed.data };
  }
  const error = apiErrorSchema.safeParse(body);
  if (!error.success) throw new Error(`${what} answered ${status} without the API's JSON error`);
  return { ok: false, status, error: error.data.error };
}

/** The body of a 2xx answer; the API's error as a clear exception otherwise. */
export function bodyOf<T>(what: string, result: ApiResult<T>): T {
  if (!result.ok)
    throw new Error(`${what} answered ${result.status} ${result.error.code}: ${result.error.message}`);
  return result.body;
}
