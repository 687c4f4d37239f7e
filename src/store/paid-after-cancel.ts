// Payments that reached a cancelled checkout, one row per provider event, written by the
// checkout's late-payment phase or by the record of an event for a closed checkout.
import { z } from 'zod';
import { PROVIDER_IDS } from '../../workflows/domain';
import { isDecimalAmount, toTwoDecimals } from '../money';
import type { SqlDriver } from './driver';
import { parseInput } from './schemas';
import type { PaidAfterCancelRecord } from './types';

export const LATE_PAYMENT_ACTIONS = ['voided', 'cancelledAtProvider', 'refundAtProvider'] as const;

const id = z.string().trim().min(1).max(300);

const paidAfterCancelSchema = z.object({
  checkoutId: id,
  provider: z.enum(PROVIDER_IDS),
  eventId: id,
  amount: z
    .string()
    .refine(isDecimalAmount, 'expected a non-negative decimal string with at most 2 decimals')
    .transform(toTwoDecimals)
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an upper-case ISO 4217 code')
    .optional(),
  action: z.object({
    kind: z.enum(LATE_PAYMENT_ACTIONS),
    reference: id,
    detail: z.string().max(1000).optional(),
  }),
});

interface Row {
  provider: PaidAfterCancelRecord['provider'];
  event_id: string;
  checkout_id: string;
  amount: string | null;
  currency: string | null;
  action: PaidAfterCancelRecord['action']['kind'];
  reference: string;
  detail: string | null;
  recorded_at: string | Date;
}

function toRecord(row: Row): PaidAfterCancelRecord {
  return {
    checkoutId: row.checkout_id,
    provider: row.provider,
    eventId: row.event_id,
    amount: row.amount === null ? null : toTwoDecimals(String(row.amount)),
    currency: row.currency,
    action: {
      kind: row.action,
      reference: row.reference,
      ...(row.detail === null ? {} : { detail: row.detail }),
    },
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

export function createPaidAfterCancel(driver: SqlDriver) {
  return {
    async recordPaidAfterCancel(raw: unknown): Promise<{ recorded: boolean }> {
      const input = parseInput('recordPaidAfterCancel', paidAfterCancelSchema, raw);
      const inserted = await driver.query<{ event_id: string }>(
        `INSERT INTO paid_after_cancel (provider, event_id, checkout_id, amount, currency, action,
           reference, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (provider, event_id) DO NOTHING
         RETURNING event_id`,
        [
          input.provider,
          input.eventId,
          input.checkoutId,
          input.amount ?? null,
          input.currency ?? null,
          input.action.kind,
          input.action.reference,
          input.action.detail ?? null,
        ],
      );
      return { recorded: inserted.rows.length > 0 };
    },

    async listPaidAfterCancel(rawCheckoutId: string): Promise<PaidAfterCancelRecord[]> {
      const checkoutId = parseInput('listPaidAfterCancel', id, rawCheckoutId);
      const result = await driver.query<Row>(
        `SELECT provider, event_id, checkout_id, amount::text AS amount, currency, action, reference,
           detail, recorded_at
         FROM paid_after_cancel WHERE checkout_id = $1 ORDER BY recorded_at, event_id`,
        [checkoutId],
      );
      return result.rows.map(toRecord);
    },
  };
}
