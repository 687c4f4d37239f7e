// What Ecomtrade24 sends us, as zod schemas. Loose objects: only the fields we use are
// checked. Shapes beyond the seed's are marked [?] in the design doc.
import { z } from 'zod';
import { isDecimalAmount, toTwoDecimals } from '../../money';
import { parseProviderTime } from './timestamp';

export const decimalAmount = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .refine(isDecimalAmount, 'expected a non-negative decimal with at most 2 decimals')
  .transform(toTwoDecimals);

const id = z.union([z.string().min(1), z.number().int()]).transform(String);

/** Upper-case ISO 4217 code; lower case is accepted and upper-cased. */
const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code')
  .transform((code) => code.toUpperCase());

/** `expires_at` in either documented form, as an ISO-8601 instant (see ./timestamp). */
export const providerTimestamp = z.string().transform((value, ctx) => {
  const parsed = parseProviderTime(value);
  if ('iso' in parsed) return parsed.iso;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.problem });
  return z.NEVER;
});

/** Methods may be listed as plain codes or as objects naming one [?]. */
const methodSchema = z.union([
  z.string().min(1),
  z
    .object({ method: z.string().optional(), code: z.string().optional(), id: z.string().optional() })
    .passthrough()
    .transform((m) => m.method ?? m.code ?? m.id)
    .refine((m): m is string => typeof m === 'string' && m.length > 0, 'method without a code'),
]);

export const meResponseSchema = z
  .object({ integration_mode: z.string().min(1), methods: z.array(methodSchema).default([]) })
  .passthrough();
export type MeResponse = z.output<typeof meResponseSchema>;

const failureSchema = z
  .object({ ok: z.literal(false), error: z.string().optional(), message: z.string().optional() })
  .passthrough();

export const sessionResponseSchema = z.union([
  z
    .object({
      ok: z.literal(true),
      session_id: id,
      checkout_url: z.string().url(),
      expires_at: providerTimestamp,
      // Not in the docs' example answer; read when present so a mismatch can be seen.
      amount: decimalAmount.optional(),
      currency: currencyCode.optional(),
    })
    .passthrough(),
  failureSchema,
]);

export const statusResponseSchema = z.union([
  z
    .object({
      ok: z.literal(true).optional(),
      session_id: id.optional(),
      status: z.string().min(1),
      amount: decimalAmount.optional(),
      currency: currencyCode.optional(),
    })
    .passthrough(),
  failureSchema,
]);

export const webhookSchema = z
  .object({
    event: z.string().min(1),
    session_id: id,
    order_id: id.optional(),
    status: z.string().min(1),
    amount: decimalAmount.optional(),
    currency: currencyCode.optional(),
  })
  .passthrough();

/** Just enough of an unverified webhook to know which checkout to poll. */
export const webhookHintSchema = z
  .object({ session_id: id.optional(), order_id: id.optional() })
  .passthrough()
  .refine(
    (body) => body.session_id !== undefined || body.order_id !== undefined,
    'no session_id or order_id',
  );

export const errorBodySchema = z
  .object({ error: z.string().optional(), message: z.string().optional() })
  .passthrough();
