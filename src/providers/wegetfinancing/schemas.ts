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

/** "USD" as sent; lower case is accepted and upper-cased, anything else is unreadable. */
export const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code')
  .transform((code) => code.toUpperCase());

/**
 * The API reference answers `{inv_id, href, amount}`; the integration guide shows
 * `{href, request_token}`. Both name the request token every postback carries, so either
 * is accepted; when both are sent they must agree, or we could follow the wrong request.
 */
export const createResponseSchema = z
  .object({
    inv_id: z.string().min(1).optional(),
    request_token: z.string().min(1).optional(),
    href: z.string().url(),
    amount: decimalAmount.optional(),
    currency: currencyCode.optional(),
  })
  .passthrough()
  .superRefine((body, ctx) => {
    if (body.inv_id === undefined && body.request_token === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'neither inv_id nor request_token',
        path: ['inv_id'],
      });
    } else if (
      body.inv_id !== undefined &&
      body.request_token !== undefined &&
      body.inv_id !== body.request_token
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'inv_id and request_token differ',
        path: ['inv_id'],
      });
    }
  })
  .transform(({ inv_id: invId, request_token: requestToken, ...rest }) => ({
    ...rest,
    requestToken: (invId ?? requestToken) as string,
  }));
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
