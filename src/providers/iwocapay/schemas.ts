// What iwocaPay sends us, as zod schemas. Loose objects: the provider adds fields
// (pricing, seller_name, …) that we neither need nor want to break on.
import { z } from 'zod';
import { isDecimalAmount, toTwoDecimals } from '../../money';

/** iwocaPay takes GBP only (its docs: "amount … in GBP"; the plugin's allowed_currencies). */
export const IWOCAPAY_CURRENCY = 'GBP';

/** GBP arrives as a JSON number (49.95); held as a 2-decimal string from here on. */
export const decimalAmount = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .refine(isDecimalAmount, 'expected a non-negative decimal with at most 2 decimals')
  .transform(toTwoDecimals);

/** Order ids are UUID strings today; the seed's older payloads carry integers. */
const orderId = z.union([z.string().min(1), z.number().int()]).transform(String);

/**
 * The amount is documented on every order answer and webhook; read as optional all the
 * same, so an answer without one is still an outcome (with nothing to compare), as for
 * the other providers.
 */
const orderSchema = z
  .object({
    id: orderId,
    amount: decimalAmount.optional(),
    reference: z.string().min(1),
    status: z.string().min(1),
  })
  .passthrough();

export const createOrderResponseSchema = z
  .object({ data: orderSchema.extend({ order_url: z.string().url() }) })
  .passthrough();
/** GET order: documented without order_url (id, amount, reference, redirect_url, pricing, …). */
export const orderStatusResponseSchema = z.object({ data: orderSchema }).passthrough();
export type IwocaPayOrder = z.output<typeof orderSchema>;

/**
 * Both webhook shapes: the current one {webhook_id, event_type, order_id (uuid), amount,
 * reference, status} and the seed's older {order_id (int), pay_link_id, amount, reference, status}.
 */
export const webhookSchema = z
  .object({
    data: z
      .object({
        webhook_id: z.string().optional(),
        event_type: z.string().optional(),
        pay_link_id: z.string().optional(),
        order_id: orderId,
        amount: decimalAmount.optional(),
        reference: z.string().min(1),
        status: z.string().min(1),
      })
      .passthrough(),
  })
  .passthrough();

/** Just enough of an unverified webhook to know which checkout to poll. */
export const webhookHintSchema = z
  .object({ data: z.object({ order_id: orderId, reference: z.string().min(1) }).passthrough() })
  .passthrough();

/** Error bodies are not documented [?]: read the usual `detail` / `errors[]` / `message` / field lists. */
const errorEntry = z
  .object({
    detail: z.string().optional(),
    code: z.string().optional(),
    attr: z.string().optional(),
    source: z.object({ pointer: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
const fieldErrors = z.object({ reference: z.unknown().optional() }).passthrough();

export const errorBodySchema = z
  .object({
    detail: z.string().optional(),
    message: z.string().optional(),
    errors: z.array(errorEntry).optional(),
    data: fieldErrors.optional().catch(undefined),
  })
  .passthrough();
