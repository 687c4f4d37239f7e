// Reads of a merchant order's checkout attempts: what the gateway asks when Temporal no
// longer remembers (retention deleted the closed workflows). The order store outlives
// Temporal's history, so it is the source of truth for which attempts exist and how they
// ended.
import type { SqlExecutor } from './driver';
import { CHECKOUT_COLUMNS, toCheckoutRecord } from './rows';
import type { CheckoutRow } from './rows';
import type { OrderStore } from './types';

type CheckoutReads = Pick<OrderStore, 'listCheckoutsForMerchantOrder'>;

export function createCheckoutReads(driver: SqlExecutor): CheckoutReads {
  return {
    async listCheckoutsForMerchantOrder(merchantOrderId) {
      // One plain statement (no transaction), so it also runs over the PGlite socket.
      const result = await driver.query<CheckoutRow>(
        `SELECT ${CHECKOUT_COLUMNS} FROM checkouts WHERE merchant_order_id = $1
         ORDER BY created_at, checkout_id`,
        [merchantOrderId],
      );
      return result.rows.map(toCheckoutRecord);
    },
  };
}
