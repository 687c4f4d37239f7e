// Listing checkouts newest first, by keyset on (created_at, checkout_id): a page starts
// strictly after the previous page's last key, so rows inserted meanwhile (always newer)
// never shift or repeat what later pages show. The key is read as text to the
// microsecond, because a JavaScript Date would round it to the millisecond.
import { z } from 'zod';
import { PROVIDER_IDS } from '../../workflows/domain';
import type { SqlDriver } from './driver';
import type { CheckoutListItem, CheckoutListQuery } from './checkout-list-types';
import { parseInput } from './schemas';
import { CHECKOUT_COLUMNS, toCheckoutRecord } from './rows';
import type { CheckoutRow } from './rows';
import type { OrderStore } from './types';

const querySchema = z.object({
  status: z.enum(['open', 'completed', 'cancelled']).optional(),
  provider: z.enum(PROVIDER_IDS).optional(),
  merchantOrderId: z.string().min(1).max(200).optional(),
  createdAfter: z.string().datetime({ offset: true }).optional(),
  after: z
    .object({ createdAt: z.string().datetime({ precision: 6 }), checkoutId: z.string().min(1) })
    .optional(),
  limit: z.number().int().min(1).max(100),
});

interface ListRow extends CheckoutRow {
  created_key: string;
}

const UTC_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

function toItem(row: ListRow): CheckoutListItem {
  return toCheckoutRecord(row);
}

export function createCheckoutList(driver: SqlDriver): Pick<OrderStore, 'listCheckouts'> {
  return {
    async listCheckouts(raw: CheckoutListQuery) {
      const query = parseInput('listCheckouts', querySchema, raw);
      // One more row than asked: whether it exists says if there is a next page.
      const result = await driver.query<ListRow>(
        `SELECT ${CHECKOUT_COLUMNS},
           to_char(created_at AT TIME ZONE 'UTC', ${UTC_MICROS}) AS created_key
         FROM checkouts
         WHERE ($1::text IS NULL OR status = $1::text)
           AND ($2::text IS NULL OR provider = $2::text)
           AND ($3::text IS NULL OR merchant_order_id = $3::text)
           AND ($4::timestamptz IS NULL OR created_at > $4::timestamptz)
           AND ($5::timestamptz IS NULL OR (created_at, checkout_id) < ($5::timestamptz, $6::text))
         ORDER BY created_at DESC, checkout_id DESC
         LIMIT $7`,
        [
          query.status ?? null,
          query.provider ?? null,
          query.merchantOrderId ?? null,
          query.createdAfter ?? null,
          query.after?.createdAt ?? null,
          query.after?.checkoutId ?? null,
          query.limit + 1,
        ],
      );
      const rows = result.rows.slice(0, query.limit);
      const last = rows.at(-1);
      const more = result.rows.length > query.limit;
      return {
        items: rows.map(toItem),
        next: more && last ? { createdAt: last.created_key, checkoutId: last.checkout_id } : null,
      };
    },
  };
}
