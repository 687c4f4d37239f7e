// The vocabulary of listing checkouts (checkout-list.ts), kept apart from types.ts so the
// listing can change without touching the store's core records.
import type { ProviderId } from '../../workflows/domain';
import type { CheckoutRecord, CheckoutStatus } from './types';

/** Where the previous page ended: its last row's key, newest first. */
export interface CheckoutCursor {
  /** created_at to the microsecond, UTC, as the database holds it */
  createdAt: string;
  checkoutId: string;
}

export interface CheckoutListQuery {
  status?: CheckoutStatus;
  provider?: ProviderId;
  merchantOrderId?: string;
  /** ISO-8601: only checkouts created strictly after this instant */
  createdAfter?: string;
  after?: CheckoutCursor;
  /** 1..100 */
  limit: number;
}

/** The checkout as the store holds it, with the merchant's labels. */
export interface CheckoutListItem extends CheckoutRecord {
  metadata: Record<string, string>;
}

export interface CheckoutListPage {
  items: CheckoutListItem[];
  /** The key to pass as `after` for the next page; null on the last page. */
  next: CheckoutCursor | null;
}
