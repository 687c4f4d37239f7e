// The body of POST /checkouts. The order id is restricted to what every provider
// accepts as a merchant reference (WiPay's order_id is the strictest), so the ids we
// derive from it are safe in URLs, workflow ids and provider fields alike.
import { z } from '../openapi/zod';
import { PROVIDER_IDS } from '../../../workflows/domain';
import { isDecimalAmount, toMinorUnits } from '../../money';
import { metadataSchema } from './metadata';

export const ORDER_ID_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38}[A-Za-z0-9])?$/;

const text = (max: number) => z.string().trim().min(1).max(max);
const decimal = z
  .string()
  .refine(isDecimalAmount, 'must be a decimal string with at most 2 decimals, e.g. "49.95"');
const positiveDecimal = decimal.refine(
  (value) => !isDecimalAmount(value) || toMinorUnits(value) > 0,
  'must be > 0',
);
const webUrl = z
  .string()
  .max(2048)
  .url('must be an absolute URL')
  .refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL');

const address = z
  .object({
    street1: text(200),
    city: text(100),
    state: text(100),
    zipcode: text(20),
    country: text(60),
  })
  .strict();

const customer = z
  .object({
    firstName: text(100),
    lastName: text(100),
    email: z.string().trim().max(254).email('must be an email address'),
    phone: text(40).optional(),
    billingAddress: address.optional(),
    shippingAddress: address.optional(),
  })
  .strict();

const item = z
  .object({
    sku: text(100),
    name: text(200),
    unitPrice: decimal,
    quantity: z.number().int().min(1).max(100_000),
    unitTax: decimal.optional(),
  })
  .strict();

const options = z
  .object({
    avs: z.boolean().optional(),
    method: text(64).optional(),
    allowedPaymentTerms: z
      .array(z.enum(['PAY_NOW', 'PAY_LATER']))
      .min(1)
      .max(2)
      .optional(),
  })
  .strict();

export const createCheckoutSchema = z
  .object({
    orderId: z
      .string()
      .regex(ORDER_ID_PATTERN, 'must be 1-40 of A-Z a-z 0-9 _ -, not starting or ending with _ or -'),
    provider: z.enum(PROVIDER_IDS),
    amount: positiveDecimal,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. USD'),
    customer,
    items: z.array(item).max(200).optional(),
    shippingAmount: decimal.optional(),
    taxAmount: decimal.optional(),
    returnUrl: webUrl,
    cancelUrl: webUrl,
    options: options.optional(),
    metadata: metadataSchema.optional(),
    /** When the checkout gives up; within the provider's maximum (expiry.ts). */
    expiresAt: z
      .string()
      .datetime({
        offset: true,
        message: 'must be an ISO-8601 instant with a zone, e.g. 2030-01-01T12:00:00Z',
      })
      .optional(),
  })
  .strict()
  .openapi('CreateCheckoutRequest');

export type CreateCheckoutRequest = z.output<typeof createCheckoutSchema>;
