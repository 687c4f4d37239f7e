// A checkout answered from the order store, for when Temporal no longer has its workflow
// (the namespace's retention deleted it) or cannot answer for it just now (no worker to
// answer a query, the server unreachable). Same shapes as the workflow's answers; what only
// the workflow knew (the redirect URL, the session's expiry, the event ledger, polls,
// refunds, attention entries) is null, and `source` says where the answer came from.
import type { PaidAfterCancelEntry } from '../../../workflows/contract';
import type { CheckoutRecord, OrderRecord, OrderStore, PaidAfterCancelRecord } from '../../store';
import { readForAnswer } from '../order-store-access';
import type { CheckoutSummary } from './responses';
import type { checkoutDetail } from './state';

export function storedCheckoutSummary(row: CheckoutRecord): CheckoutSummary {
  return {
    checkoutId: row.checkoutId,
    orderId: row.merchantOrderId,
    provider: row.provider,
    // An open row whose workflow is gone never decided: it shows the last state the store
    // knew (a session reference means the customer was sent to the provider).
    status:
      row.status !== 'open' ? row.status : row.providerReference ? 'awaitingCustomer' : 'creatingSession',
    redirectUrl: null,
    providerReference: row.providerReference,
    expiresAt: null,
    metadata: row.metadata,
  };
}

type StoredDetail = Omit<ReturnType<typeof checkoutDetail>, 'events' | 'refunds' | 'polls'> & {
  events: null;
  refunds: null;
  polls: null;
  source: 'orderStore';
};

/** GET /checkouts/:id from the store: the row, and its order when it completed. */
export function storedCheckoutDetail(
  row: CheckoutRecord,
  order: OrderRecord | undefined,
  paidAfterCancel: PaidAfterCancelRecord[] = [],
): StoredDetail {
  // Money after the cancel outlives the workflow in the store: ops still see it here.
  const attention = paidAfterCancel.map(
    (paid): PaidAfterCancelEntry => ({
      kind: 'paidAfterCancel',
      provider: paid.provider,
      amount: paid.amount ?? row.amount,
      ...(paid.currency === null ? {} : { currency: paid.currency }),
      at: paid.recordedAt,
      eventId: paid.eventId,
      action: paid.action,
    }),
  );
  return {
    ...storedCheckoutSummary(row),
    amount: row.amount,
    currency: row.currency,
    reason: (row.cancelReason as StoredDetail['reason']) ?? null,
    detail: null,
    needsAttention: attention.length > 0,
    attention,
    order: order ? { orderId: order.orderId, providerTransactionId: order.providerTransactionId } : null,
    events: null,
    refunds: null,
    polls: null,
    openedAt: row.createdAt,
    decidedAt: row.completedAt ?? row.cancelledAt,
    source: 'orderStore',
  };
}

/**
 * GET /checkouts/:id from the store alone: undefined when it has no such checkout. The
 * store is then the only one who can answer, so its outage is a 503 to retry.
 */
export async function readStoredCheckoutDetail(
  store: OrderStore,
  checkoutId: string,
): Promise<StoredDetail | undefined> {
  const row = await readForAnswer(() => store.getCheckout(checkoutId));
  if (!row) return undefined;
  const order =
    row.status === 'completed' ? await readForAnswer(() => store.getOrderByCheckout(checkoutId)) : undefined;
  const paidAfterCancel =
    row.status === 'cancelled' ? await readForAnswer(() => store.listPaidAfterCancel(checkoutId)) : [];
  return storedCheckoutDetail(row, order, paidAfterCancel);
}
