// What Ecomtrade24 sends us, as zod schemas. Loose objects: only the fields we use are
// checked. Shapes beyond the seed's are marked [?] in the design doc.
import { z } from 'zod';
import { isDecimalAmount, toTwoDecimals } from '../../money';

export const decimalAmount = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .refine(isDecimalAmount, 'expected a non-negative decimal with at most 2 decimals')
  .transform(toTwoDecimals);

const id = z.union([z.string().min(1), z.number().int()]).transform(String);

/** "YYYY-MM-DD HH:MM:SS", taken as UTC (no zone is sent), returned as ISO-8601. */
export const providerTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected "YYYY-MM-DD HH:MM:SS"')
  .transform((value, ctx) => {
    const iso = `${value.replace(' ', 'T')}.000Z`;
    const date = new Date(iso);
    // Date rolls 02-30 over to March; a round trip catches impossible dates.
    if (Number.isNaN(date.getTime()) || date.toISOString() !== iso) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a real date' });
      return z.NEVER;
    }
    return iso;
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
    currency: z.string().optional(),
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
