// The OrderStore's reads: plain statements, no transaction needed.
import type { SqlDriver } from './driver';
import {
  CHECKOUT_COLUMNS,
  INBOUND_EVENT_COLUMNS,
  ORDER_COLUMNS,
  toCheckoutRecord,
  toInboundEventRecord,
  toOrderRecord,
} from './rows';
import type { CheckoutRow, InboundEventRow, OrderRow } from './rows';
import type { OrderStore } from './types';

type OrderQueries = Pick<
  OrderStore,
  'getCheckout' | 'getOrderByCheckout' | 'listOrdersForMerchantOrder' | 'countOrders' | 'listInboundEvents'
>;

export function createOrderQueries(driver: SqlDriver): OrderQueries {
  return {
    async getCheckout(checkoutId) {
      const result = await driver.query<CheckoutRow>(
        `SELECT ${CHECKOUT_COLUMNS} FROM checkouts WHERE checkout_id = $1`,
        [checkoutId],
      );
      const row = result.rows[0];
      return row && toCheckoutRecord(row);
    },

    async getOrderByCheckout(checkoutId) {
      const result = await driver.query<OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE checkout_id = $1`,
        [checkoutId],
      );
      const row = result.rows[0];
      return row && toOrderRecord(row);
    },

    async listOrdersForMerchantOrder(merchantOrderId) {
      const result = await driver.query<OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE merchant_order_id = $1 ORDER BY created_at, order_id`,
        [merchantOrderId],
      );
      return result.rows.map(toOrderRecord);
    },

    async countOrders(checkoutId) {
      // ::int because pg returns bigint counts as strings and PGlite as numbers.
      const result =
        checkoutId === undefined
          ? await driver.query<{ count: number }>('SELECT count(*)::int AS count FROM orders')
          : await driver.query<{ count: number }>(
              'SELECT count(*)::int AS count FROM orders WHERE checkout_id = $1',
              [checkoutId],
            );
      return result.rows[0]?.count ?? 0;
    },

    async listInboundEvents() {
      const result = await driver.query<InboundEventRow>(
        `SELECT ${INBOUND_EVENT_COLUMNS} FROM inbound_events ORDER BY received_at, id`,
      );
      return result.rows.map(toInboundEventRecord);
    },
  };
}
