// The OrderStore's writes. Each method is one transaction (or one atomic statement),
// keyed by the checkout id, and returns the same answer when repeated, so an activity
// may retry it after a crash at any line. Following WeGetFinancing's recommended
// strategy, checkouts hold the cart and orders only ever receive verified approvals.
import type { SqlDriver } from './driver';
import { createCheckoutReads } from './checkout-reads';
import { insertCheckoutIfMissing, readCheckout } from './checkout-rows';
import { createMerchantEvents } from './merchant-events';
import { createInboundClaims } from './inbound-claims';
import { createOrderQueries } from './order-queries';
import { createPaidAfterCancel } from './paid-after-cancel';
import { createPaymentOperations } from './payment-operations';
import { createCheckoutList } from './checkout-list';
import { createIdempotencyKeys } from './idempotency-keys';
import {
  cancelOrderSchema,
  checkoutIdSchema,
  completeOrderSchema,
  inboundEventSchema,
  parseInput,
  providerReferenceSchema,
  recordCheckoutSchema,
} from './schemas';
import { toJsonText } from './json';
import type { CancelOrderResult, CompleteOrderResult, OrderStore } from './types';

export function createOrderStore(driver: SqlDriver): OrderStore {
  return {
    kind: driver.kind,
    ...createOrderQueries(driver),
    ...createPaymentOperations(driver),
    ...createMerchantEvents(driver),
    ...createCheckoutList(driver),
    ...createIdempotencyKeys(driver),
    ...createInboundClaims(driver),
    ...createPaidAfterCancel(driver),
    ...createCheckoutReads(driver),

    async recordCheckout(raw) {
      const input = parseInput('recordCheckout', recordCheckoutSchema, raw);
      return driver.transaction(async (tx) => {
        const created = await insertCheckoutIfMissing(tx, input, input.metadata);
        if (created) return { created, status: 'open' as const };
        // A repeat must describe the same cart; anything else is a bug upstream. Its
        // status tells a re-run attempt that the checkout already ended.
        const row = await readCheckout(tx, input, { lock: false });
        return { created, status: row.status };
      });
    },

    async setProviderReference(rawCheckoutId, rawReference) {
      const checkoutId = parseInput('setProviderReference', checkoutIdSchema, rawCheckoutId);
      const reference = parseInput('setProviderReference', providerReferenceSchema, rawReference);
      const result = await driver.query<{ checkout_id: string }>(
        `UPDATE checkouts SET provider_reference = $2, updated_at = now()
         WHERE checkout_id = $1 RETURNING checkout_id`,
        [checkoutId, reference],
      );
      return { updated: result.rows.length > 0 };
    },

    async completeOrder(raw): Promise<CompleteOrderResult> {
      const input = parseInput('completeOrder', completeOrderSchema, raw);
      return driver.transaction(async (tx) => {
        await insertCheckoutIfMissing(tx, input);
        const checkout = await readCheckout(tx, input, { lock: true });
        if (checkout.status === 'cancelled') return { outcome: 'refused', reason: 'checkoutCancelled' };
        if (checkout.status === 'open') {
          await tx.query(
            `UPDATE checkouts SET status = 'completed', completed_at = now(), updated_at = now(),
               provider_reference = COALESCE($2, provider_reference)
             WHERE checkout_id = $1`,
            [input.checkoutId, input.providerReference ?? null],
          );
        }
        // The order is a copy of the locked, now completed checkout row; the unique key
        // on checkout_id turns a repeat into a no-op that returns nothing.
        const inserted = await tx.query<{ order_id: string }>(
          `INSERT INTO orders (checkout_id, merchant_order_id, provider, amount, currency,
             provider_reference, provider_transaction_id)
           SELECT checkout_id, merchant_order_id, provider, amount, currency,
             COALESCE($2, provider_reference), $3
           FROM checkouts WHERE checkout_id = $1
           ON CONFLICT (checkout_id) DO NOTHING
           RETURNING order_id::text AS order_id`,
          [input.checkoutId, input.providerReference ?? null, input.providerTransactionId ?? null],
        );
        const created = inserted.rows[0];
        if (created) return { outcome: 'completed', orderId: created.order_id, alreadyDone: false };
        const existing = await tx.query<{ order_id: string }>(
          'SELECT order_id::text AS order_id FROM orders WHERE checkout_id = $1',
          [input.checkoutId],
        );
        const order = existing.rows[0];
        if (!order) throw new Error(`order for checkout ${input.checkoutId} neither inserted nor found`);
        return { outcome: 'completed', orderId: order.order_id, alreadyDone: true };
      });
    },

    async cancelOrder(raw): Promise<CancelOrderResult> {
      const input = parseInput('cancelOrder', cancelOrderSchema, raw);
      return driver.transaction(async (tx) => {
        await insertCheckoutIfMissing(tx, input);
        const checkout = await readCheckout(tx, input, { lock: true });
        if (checkout.status === 'completed') return { outcome: 'refused', reason: 'checkoutCompleted' };
        // The first reason stands: a repeat reports alreadyDone and changes nothing.
        if (checkout.status === 'cancelled') return { outcome: 'cancelled', alreadyDone: true };
        await tx.query(
          `UPDATE checkouts SET status = 'cancelled', cancel_reason = $2, cancelled_at = now(),
             updated_at = now(), provider_reference = COALESCE($3, provider_reference)
           WHERE checkout_id = $1`,
          [input.checkoutId, input.reason, input.providerReference ?? null],
        );
        return { outcome: 'cancelled', alreadyDone: false };
      });
    },

    async recordInboundEvent(raw) {
      const input = parseInput('recordInboundEvent', inboundEventSchema, raw);
      const payload = toJsonText('recordInboundEvent', input.payload);
      // One statement, so atomic on its own; the unique (provider, event_id) key makes a
      // redelivery return no row.
      const inserted = await driver.query<{ id: string }>(
        `INSERT INTO inbound_events (provider, checkout_reference, provider_reference, raw_status,
           kind, event_id, reason, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT (provider, event_id) DO NOTHING
         RETURNING id::text AS id`,
        [
          input.provider,
          input.checkoutReference ?? null,
          input.providerReference ?? null,
          input.rawStatus,
          input.kind,
          input.eventId,
          input.reason,
          payload,
        ],
      );
      return { recorded: inserted.rows.length > 0 };
    },

    close: () => driver.close(),
  };
}
