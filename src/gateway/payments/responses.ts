// The answers of the payment routes as zod schemas: state.ts and routes/payments.ts build
// their bodies as these types, and the OpenAPI document is generated from them.
import { z } from '../openapi/zod';
import { PAYMENT_STATUSES, SHIPMENT_STATUSES } from '../../../workflows/payment/contract';

const decimal = z.string().describe('decimal string, e.g. "12.50"');
const instant = z.string().describe('ISO-8601 instant');
const shipping = z.object({ carrier: z.string(), trackingNumber: z.string() });

const captureRecord = z.object({
  id: z.string(),
  amount: decimal,
  status: z.literal('succeeded'),
  at: instant,
  shipping: shipping.optional(),
});
const refundRecord = z.object({
  id: z.string(),
  amount: decimal,
  status: z.literal('succeeded'),
  at: instant,
  reason: z.string().optional(),
  source: z.enum(['merchant', 'provider']),
  eventId: z.string().optional(),
});
export const shipmentRecordSchema = z.object({
  id: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  status: z.enum(SHIPMENT_STATUSES),
  at: instant,
  captureId: z.string().optional(),
});

export const paymentDetailSchema = z
  .object({
    status: z.enum(PAYMENT_STATUSES),
    currency: z.string(),
    authorized: decimal,
    captured: decimal,
    refunded: decimal,
    voided: z.boolean(),
    authorizationExpiresAt: instant.nullable(),
    captures: z.array(captureRecord),
    refunds: z.array(refundRecord),
    shipments: z.array(shipmentRecordSchema),
    needsAttention: z.boolean(),
    attention: z.array(
      z.object({
        kind: z.enum([
          'authorizationExpiring',
          'authorizationExpired',
          'providerRefundOverCaptured',
          'providerOutcomeUnknown',
        ]),
        at: instant,
        detail: z.string(),
      }),
    ),
  })
  .openapi('Payment');
export type PaymentDetail = z.infer<typeof paymentDetailSchema>;

const movement = z.object({ id: z.string(), amount: decimal, status: z.literal('succeeded') });
export const captureAnswerSchema = z.object({ capture: movement });
export const refundAnswerSchema = z.object({ refund: movement });
export const shipmentAnswerSchema = z.object({ shipment: shipmentRecordSchema });
export const voidAnswerSchema = z.object({ payment: paymentDetailSchema });
export type CaptureAnswer = z.infer<typeof captureAnswerSchema>;
export type RefundAnswer = z.infer<typeof refundAnswerSchema>;
export type ShipmentAnswer = z.infer<typeof shipmentAnswerSchema>;
export type VoidAnswer = z.infer<typeof voidAnswerSchema>;
