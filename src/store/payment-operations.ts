// The payment lifecycle's money movements in the order store: one row per operation id,
// written once however often the activity is retried.
import { z } from 'zod';
import { PROVIDER_IDS } from '../../workflows/domain';
import { isDecimalAmount, toTwoDecimals } from '../money';
import type { SqlDriver } from './driver';
import { toJsonText } from './json';
import { parseInput } from './schemas';
import type { PaymentOperationRecord } from './types';

export const PAYMENT_OPERATION_KINDS = ['capture', 'refund', 'void', 'providerRefund', 'shipment'] as const;

const id = z.string().trim().min(1).max(300);

const paymentOperationSchema = z.object({
  operationId: id,
  checkoutId: id,
  kind: z.enum(PAYMENT_OPERATION_KINDS),
  amount: z
    .string()
    .refine(isDecimalAmount, 'expected a non-negative decimal string with at most 2 decimals')
    .transform(toTwoDecimals)
    .optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an upper-case ISO 4217 code'),
  provider: z.enum(PROVIDER_IDS),
  providerOperationId: id.optional(),
  payload: z.unknown().optional(),
});

interface OperationRow {
  operation_id: string;
  checkout_id: string;
  kind: PaymentOperationRecord['kind'];
  amount: string | null;
  currency: string;
  provider: PaymentOperationRecord['provider'];
  provider_operation_id: string | null;
  payload: unknown;
  recorded_at: string | Date;
}

function toRecord(row: OperationRow): PaymentOperationRecord {
  return {
    operationId: row.operation_id,
    checkoutId: row.checkout_id,
    kind: row.kind,
    amount: row.amount === null ? null : toTwoDecimals(String(row.amount)),
    currency: row.currency,
    provider: row.provider,
    providerOperationId: row.provider_operation_id,
    payload: row.payload,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

export function createPaymentOperations(driver: SqlDriver) {
  return {
    async recordPaymentOperation(raw: unknown): Promise<{ recorded: boolean }> {
      const input = parseInput('recordPaymentOperation', paymentOperationSchema, raw);
      const inserted = await driver.query<{ operation_id: string }>(
        `INSERT INTO payment_operations (operation_id, checkout_id, kind, amount, currency, provider,
           provider_operation_id, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT (operation_id) DO NOTHING
         RETURNING operation_id`,
        [
          input.operationId,
          input.checkoutId,
          input.kind,
          input.amount ?? null,
          input.currency,
          input.provider,
          input.providerOperationId ?? null,
          toJsonText('recordPaymentOperation', input.payload ?? {}),
        ],
      );
      return { recorded: inserted.rows.length > 0 };
    },

    async listPaymentOperations(rawCheckoutId: string): Promise<PaymentOperationRecord[]> {
      const checkoutId = parseInput('listPaymentOperations', id, rawCheckoutId);
      const result = await driver.query<OperationRow>(
        `SELECT operation_id, checkout_id, kind, amount::text AS amount, currency, provider,
           provider_operation_id, payload, recorded_at
         FROM payment_operations WHERE checkout_id = $1 ORDER BY recorded_at, operation_id`,
        [checkoutId],
      );
      return result.rows.map(toRecord);
    },
  };
}
