// What the providers sent, counted: the ledger is how ops see duplicates, late events
// and statuses we do not know, none of which may change a decided checkout. Pure data
// in, data out, so it is unit-tested without Temporal and survives continue-as-new.
import type { EventLedger, EventSummary, RefundNotice } from './contract';
import type { ProviderEvent } from './domain';

/**
 * Providers redeliver within minutes to days; a few hundred ids cover every redelivery
 * we have seen while keeping the carried state (and so each run's first event) small.
 */
export const RECENT_EVENT_IDS_LIMIT = 256;

export interface LedgerBook {
  counters: EventLedger;
  /** Oldest first; bounded by RECENT_EVENT_IDS_LIMIT. */
  recentEventIds: string[];
}

/** new: apply it; duplicate: seen before, ignore; afterDecision: too late to matter. */
export type Arrival = 'new' | 'duplicate' | 'afterDecision';

export function emptyLedger(): EventLedger {
  return { received: 0, duplicates: 0, afterDecision: 0, unknownStatus: 0, foreign: 0 };
}

export function summarize(event: ProviderEvent, receivedAt: string): EventSummary {
  return {
    eventId: event.eventId,
    kind: event.kind,
    rawStatus: event.rawStatus,
    source: event.source,
    receivedAt,
  };
}

function remember(ids: string[], eventId: string): string[] {
  const next = [...ids, eventId];
  return next.length > RECENT_EVENT_IDS_LIMIT ? next.slice(next.length - RECENT_EVENT_IDS_LIMIT) : next;
}

/** Classifies one arriving event and counts it. A duplicate is checked first: it changes nothing else. */
export function admit(
  book: LedgerBook,
  event: ProviderEvent,
  decided: boolean,
  receivedAt: string,
): { book: LedgerBook; arrival: Arrival } {
  const received = book.counters.received + 1;
  if (book.recentEventIds.includes(event.eventId)) {
    const counters = { ...book.counters, received, duplicates: book.counters.duplicates + 1 };
    return { book: { ...book, counters }, arrival: 'duplicate' };
  }
  const lastSeen = summarize(event, receivedAt);
  const recentEventIds = remember(book.recentEventIds, event.eventId);
  if (decided) {
    const counters = { ...book.counters, received, afterDecision: book.counters.afterDecision + 1, lastSeen };
    return { book: { counters, recentEventIds }, arrival: 'afterDecision' };
  }
  return { book: { counters: { ...book.counters, received, lastSeen }, recentEventIds }, arrival: 'new' };
}

export function countUnknownStatus(counters: EventLedger): EventLedger {
  return { ...counters, unknownStatus: counters.unknownStatus + 1 };
}

/** A refund never undoes anything; it is listed so ops can reconcile it with the order. */
export function withRefund(
  refunds: RefundNotice[],
  event: ProviderEvent,
  receivedAt: string,
): RefundNotice[] {
  if (refunds.some((refund) => refund.eventId === event.eventId)) return refunds;
  return [...refunds, { eventId: event.eventId, amount: event.amount, receivedAt }];
}
