// Which attempt of a merchant order is the current one. Attempt ids are computed
// (checkoutIdFor(orderId, n)), so Temporal is asked by describing attempt n, n+1, … until
// one does not exist: strongly consistent, unlike a visibility query, which matters when
// twenty identical requests arrive at once. Temporal forgets closed workflows after the
// namespace's retention, so the order store (which never forgets) is read as well: it says
// which attempts ever existed and how they ended, and the describes start from there.
import type { Client } from '@temporalio/client';
import type { CheckoutState } from '../../../workflows/contract';
import { attemptFromCheckoutId, checkoutIdFor } from '../../../workflows/contract';
import type { Logger } from '../../logging/logger';
import type { CheckoutRecord, OrderStore } from '../../store';
import type { ResolvedDeps } from '../deps';
import { isTemporalUnavailable } from '../temporal-errors';
import type { CheckoutSummary } from './responses';
import { checkoutSummary, completedCheckoutResult, describeCheckout, queryCheckout } from './state';
import { storedCheckoutSummary } from './stored';

/** A merchant order gets this many attempts; past that something is wrong upstream. */
export const MAX_ATTEMPTS = 25;

/** What a repeat is compared with: an order id names one purchase. */
export interface OrderIdentity {
  checkoutId: string;
  provider: CheckoutState['provider'];
  amount: string;
  currency: string;
}

export type LatestAttempt =
  | { kind: 'none' }
  /** Open (or finishing): the repeat joins it. */
  | { kind: 'running'; attempt: number; checkoutId: string }
  /** The order completed (in Temporal or the store): repeats get it back, never a new attempt. */
  | { kind: 'completed'; attempt: number; identity: OrderIdentity; summary: CheckoutSummary }
  /** Closed without completing (cancelled, failed, terminated, timed out): a new attempt may start. */
  | { kind: 'closed'; attempt: number };

/** The order's attempts as the store knows them: highest number, and a completed one if any. */
function fromStore(rows: CheckoutRecord[], merchantOrderId: string) {
  let highest: { attempt: number; row: CheckoutRecord } | undefined;
  let completed: { attempt: number; row: CheckoutRecord } | undefined;
  for (const row of rows) {
    const parts = attemptFromCheckoutId(row.checkoutId);
    if (!parts || parts.merchantOrderId !== merchantOrderId) continue;
    const entry = { attempt: parts.attempt, row };
    if (!highest || entry.attempt > highest.attempt) highest = entry;
    if (row.status === 'completed' && (!completed || entry.attempt > completed.attempt)) completed = entry;
  }
  return { highest, completed };
}

/**
 * The store's rows and Temporal's describes of attempt n, n+1, … The store is read first:
 * the workflow records its row before anything else (workflows/open-session.ts), so when
 * the store answers that it knows no attempt of the order (the common case: a new order),
 * `trustEmptyStore` answers "none" with no describe, and the Update-With-Start that
 * follows joins an attempt 1 started a moment ago (USE_EXISTING) or is refused for one
 * that closed without a row (REJECT_DUPLICATE: the caller looks again, without trusting).
 */
export async function findLatestAttempt(
  deps: Pick<ResolvedDeps, 'client' | 'store' | 'logger'>,
  merchantOrderId: string,
  { trustEmptyStore = false }: { trustEmptyStore?: boolean } = {},
): Promise<LatestAttempt> {
  const { client } = deps;
  const storedRows = await readStoredAttempts(deps.store, merchantOrderId, deps.logger);
  const stored = fromStore(storedRows ?? [], merchantOrderId);
  if (trustEmptyStore && storedRows !== undefined && stored.highest === undefined) return { kind: 'none' };
  if (stored.completed) {
    // A completed order is final whatever Temporal still remembers of it: no describes.
    const { attempt, row } = stored.completed;
    return { kind: 'completed', attempt, identity: row, summary: await completedSummary(client, row) };
  }
  const storedMax = stored.highest?.attempt ?? 0;
  // Attempts at or below the store's highest may be gone from Temporal (retention); above
  // it, the first missing one ends the search (a new attempt's row may not exist yet).
  let latest: { attempt: number; status: string; listeningLate: boolean } | undefined;
  for (let attempt = Math.max(1, storedMax); attempt <= MAX_ATTEMPTS; attempt++) {
    const checkoutId = checkoutIdFor(merchantOrderId, attempt);
    const described = await describeCheckout(client, checkoutId);
    if (!described) break;
    // Cancelled, still running only to catch a late payment (workflows/late-payments.ts).
    const listeningLate = described.status === 'RUNNING' && described.checkoutStatus === 'cancelled';
    latest = { attempt, status: described.status, listeningLate };
  }

  if (!latest || latest.attempt < storedMax) {
    // Only the store remembers the newest attempt, and it did not complete: its workflow
    // is gone, so it is closed whatever its row says.
    return stored.highest ? { kind: 'closed', attempt: storedMax } : { kind: 'none' };
  }
  const { attempt, status, listeningLate } = latest;
  const checkoutId = checkoutIdFor(merchantOrderId, attempt);
  const row = stored.highest?.attempt === attempt ? stored.highest.row : undefined;
  // A cancelled row (or CheckoutStatus attribute) is closed even while its workflow still
  // runs to catch late payments: describe reads it, no worker needed.
  if (row?.status === 'cancelled' || listeningLate) return { kind: 'closed', attempt };
  switch (status) {
    // Describe follows continue-as-new to the newest run; seeing the old run's status is a race.
    case 'RUNNING':
    case 'CONTINUED_AS_NEW':
      return { kind: 'running', attempt, checkoutId };
    case 'COMPLETED': {
      const state = await completedCheckoutResult(client, checkoutId);
      return state.status === 'completed'
        ? { kind: 'completed', attempt, identity: state, summary: checkoutSummary(state) }
        : { kind: 'closed', attempt };
    }
    default:
      return { kind: 'closed', attempt };
  }
}

/**
 * The order's rows; undefined when there is no store or it cannot answer. Going on with
 * what Temporal knows is safe: should that pick the number of an attempt whose row is closed, its
 * workflow ends without a provider session (workflows/open-session.ts), and the request
 * looks again (create.ts).
 */
export async function readStoredAttempts(
  store: OrderStore | undefined,
  merchantOrderId: string,
  logger: Logger,
): Promise<CheckoutRecord[] | undefined> {
  if (!store) return undefined;
  try {
    return await store.listCheckoutsForMerchantOrder(merchantOrderId);
  } catch (err) {
    logger.warn({ err, orderId: merchantOrderId }, 'order store unreadable: attempts from Temporal only');
    return undefined;
  }
}

/**
 * Temporal's full answer while it still has the workflow and can answer for it; the store's
 * row otherwise: after retention, or while a workflow that is still finishing has no worker
 * to answer its query. The row completed, so the order is paid either way.
 */
async function completedSummary(client: Client, row: CheckoutRecord): Promise<CheckoutSummary> {
  let state: CheckoutState | undefined;
  try {
    state = await queryCheckout(client, row.checkoutId);
  } catch (err) {
    if (!isTemporalUnavailable(err)) throw err;
  }
  return state?.status === 'completed' ? checkoutSummary(state) : storedCheckoutSummary(row);
}
