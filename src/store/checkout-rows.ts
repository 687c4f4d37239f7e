// Statements on the checkouts table shared by the write paths. Every write that may be
// the first to touch a checkout creates its row (so completeOrder works even if
// recordCheckout never ran), then locks it: the row lock is what serialises concurrent
// complete/cancel calls for one checkout, on pg and PGlite alike.
import type { SqlExecutor } from './driver';
import { CheckoutMismatchError } from './errors';
import { CHECKOUT_COLUMNS } from './rows';
import type { CheckoutRow } from './rows';
import type { CheckoutIdentity } from './types';

/** Inserts the checkout as 'open' unless it exists; true when this call created it. */
export async function insertCheckoutIfMissing(
  tx: SqlExecutor,
  identity: CheckoutIdentity,
  metadata: Record<string, string> = {},
): Promise<boolean> {
  const inserted = await tx.query<{ checkout_id: string }>(
    `INSERT INTO checkouts (checkout_id, merchant_order_id, provider, amount, currency, metadata)
     VALUES ($1, $2, $3, $4::numeric, $5, $6::jsonb)
     ON CONFLICT (checkout_id) DO NOTHING
     RETURNING checkout_id`,
    [
      identity.checkoutId,
      identity.merchantOrderId,
      identity.provider,
      identity.amount,
      identity.currency,
      JSON.stringify(metadata),
    ],
  );
  return inserted.rows.length > 0;
}

/** Reads the checkout, optionally FOR UPDATE, and refuses a different identity. */
export async function readCheckout(
  tx: SqlExecutor,
  identity: CheckoutIdentity,
  options: { lock: boolean },
): Promise<CheckoutRow> {
  const result = await tx.query<CheckoutRow>(
    `SELECT ${CHECKOUT_COLUMNS} FROM checkouts WHERE checkout_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [identity.checkoutId],
  );
  const row = result.rows[0];
  // Unreachable after insertCheckoutIfMissing in the same transaction; checked so a
  // schema change cannot turn it into a silent undefined.
  if (!row) throw new Error(`checkout ${identity.checkoutId} vanished inside its transaction`);
  assertSameIdentity(row, identity);
  return row;
}

function assertSameIdentity(row: CheckoutRow, identity: CheckoutIdentity): void {
  const differing: string[] = [];
  if (row.merchant_order_id !== identity.merchantOrderId) differing.push('merchantOrderId');
  if (row.provider !== identity.provider) differing.push('provider');
  // Both sides are two-decimal strings (NUMERIC(14,2)::text and the normalised input).
  if (row.amount !== identity.amount) differing.push('amount');
  if (row.currency !== identity.currency) differing.push('currency');
  if (differing.length > 0) throw new CheckoutMismatchError(identity.checkoutId, differing);
}
