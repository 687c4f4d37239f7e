// Validation at the store's edge. Callers are our own activities, but their inputs come
// from provider events and merchant requests, and a bad value written here would be
// durable. Amounts are normalised to two decimals so comparisons are exact.
import { z } from 'zod';
import { OUTCOME_KINDS, PROVIDER_IDS } from '../../workflows/domain';
import { valueFreeErrorMap } from '../config/issues';
import { isDecimalAmount, toTwoDecimals } from '../money';
import { InvalidStoreInputError } from './errors';

const id = z.string().trim().min(1).max(200);
const optionalId = id.optional();

const amount = z
  .string()
  .refine(isDecimalAmount, 'expected a non-negative decimal string with at most 2 decimals')
  .transform(toTwoDecimals);

export const checkoutIdSchema = id;
export const providerReferenceSchema = id;

export const checkoutIdentitySchema = z.object({
  checkoutId: id,
  merchantOrderId: id,
  provider: z.enum(PROVIDER_IDS),
  amount,
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an upper-case ISO 4217 code'),
});

/** Bounds the store keeps whatever its caller checked: a bad value here would be durable. */
export const recordCheckoutSchema = checkoutIdentitySchema.extend({
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .refine((value) => Object.keys(value).length <= 20, 'at most 20 keys')
    .optional(),
});

export const completeOrderSchema = checkoutIdentitySchema.extend({
  providerReference: optionalId,
  providerTransactionId: optionalId,
});

export const cancelOrderSchema = checkoutIdentitySchema.extend({
  reason: z.string().trim().min(1).max(100),
  providerReference: optionalId,
});

export const inboundEventSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  checkoutReference: optionalId,
  providerReference: optionalId,
  rawStatus: z.string().max(200),
  kind: z.enum(OUTCOME_KINDS),
  eventId: id,
  reason: z.enum(['unknownCheckout', 'closedCheckout']),
  payload: z.unknown().optional(),
});

/**
 * Parses or throws InvalidStoreInputError naming the operation and each issue. The
 * messages never quote a value: they reach the checkout's detail, which ops and the
 * merchant's backend read.
 */
export function parseInput<S extends z.ZodTypeAny>(
  operation: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value, { errorMap: valueFreeErrorMap });
  if (result.success) return result.data as z.output<S>;
  throw new InvalidStoreInputError(
    operation,
    result.error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`),
  );
}
