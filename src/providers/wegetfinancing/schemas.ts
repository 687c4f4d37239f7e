// What WeGetFinancing sends us, as zod schemas: the create response, its error body
// and the v1.9 JSON postback. Loose objects: the provider may add fields at any time.
import { z } from 'zod';
import { isDecimalAmount, toTwoDecimals } from '../../money';

/** A money field that may arrive as "12.30" or 12.3; normalised to a 2-decimal string. */
export const decimalAmount = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .refine(isDecimalAmount, 'expected a non-negative decimal with at most 2 decimals')
  .transform(toTwoDecimals);

export const createResponseSchema = z
  .object({
    inv_id: z.string().min(1),
    href: z.string().url(),
    amount: decimalAmount.optional(),
  })
  .passthrough();
export type CreateResponse = z.output<typeof createResponseSchema>;

export const errorBodySchema = z
  .object({
    type: z.literal('error').optional(),
    error: z.string().optional(),
    message: z.string().optional(),
    code: z.union([z.string(), z.number()]).optional(),
    subjects: z.array(z.string()).optional(),
    reasons: z.record(z.unknown()).optional(),
  })
  .passthrough();

export const postbackSchema = z
  .object({
    version: z.string(),
    request_token: z.string().min(1),
    merchant_transaction_id: z.string().min(1).optional(),
    updates: z
      .object({
        status: z.string().min(1),
        amount: decimalAmount.optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type Postback = z.output<typeof postbackSchema>;
