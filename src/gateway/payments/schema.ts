// The merchant's payment requests, bounded by zod before anything reaches the workflow.
// Amounts are decimal strings (never JSON numbers): "12.50", at most 2 decimals.
import { z } from 'zod';
import { SHIPMENT_STATUSES } from '../../../workflows/payment/contract';
import { isDecimalAmount } from '../../money';

const amount = z
  .string()
  .refine(isDecimalAmount, 'must be a decimal string with at most 2 decimals, e.g. "12.50"')
  .refine((value) => !/^0(\.0+)?$/.test(value), 'must be more than zero');

const text = (max: number) => z.string().trim().min(1).max(max);

const shipping = z.object({ carrier: text(100), trackingNumber: text(200) }).strict();

export const captureBodySchema = z
  .object({ amount: amount.optional(), shipping: shipping.optional() })
  .strict();

export const refundBodySchema = z.object({ amount, reason: text(500).optional() }).strict();

export const voidBodySchema = z.object({}).strict();

export const shipmentBodySchema = shipping
  .extend({
    status: z.enum(SHIPMENT_STATUSES).optional(),
    capture: z.boolean().optional(),
    amount: amount.optional(),
  })
  .strict()
  .refine((body) => body.amount === undefined || body.capture === true, {
    message: 'amount is only taken with capture: true',
    path: ['amount'],
  });

/** Printable ASCII, as Stripe and the IETF draft take it; scoped to one checkout. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be 1-255 printable ASCII characters');
