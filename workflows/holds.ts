// Holding a checkout for ops: the attention entries that say why, and reading ops'
// resolveHold signal, which anyone with access to the Temporal UI can type by hand.
import type { AttentionEntry, CheckoutState, LatePaymentAction, ResolveHoldRequest } from './contract';
import type { Decision } from './decide';
import type { ProviderEvent } from './domain';

const NOTE_LIMIT = 500;

/** The request, or undefined when it is not one (then the signal changes nothing). */
export function parseResolveHold(value: unknown): ResolveHoldRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, note } = value as Record<string, unknown>;
  if (action !== 'complete' && action !== 'cancel') return undefined;
  if (note !== undefined && typeof note !== 'string') return undefined;
  return note === undefined ? { action } : { action, note: note.slice(0, NOTE_LIMIT) };
}

export function amountMismatchEntry(
  state: CheckoutState,
  decision: Extract<Decision, { type: 'hold' }>,
  event: ProviderEvent,
  at: string,
): AttentionEntry {
  return {
    kind: 'amountMismatch',
    provider: state.provider,
    expected: { amount: state.amount, currency: state.currency },
    reported: decision.reported,
    reportedBy: decision.reportedBy,
    eventId: event.eventId,
    at,
  };
}

export function describeAttention(entry: AttentionEntry): string {
  switch (entry.kind) {
    case 'amountMismatch': {
      const { amount, currency } = entry.reported;
      const reported = [amount, currency].filter((part) => part !== undefined).join(' ');
      const who = entry.reportedBy === 'event' ? `event ${entry.eventId}` : 'the session';
      return `${who} reported ${reported}, the checkout is for ${entry.expected.amount} ${entry.expected.currency}`;
    }
    case 'storeRefused':
      return `the order store refused ${entry.operation}: ${entry.reason}`;
    case 'merchantCancelRequested':
      return 'the merchant asked to cancel while held';
    case 'resolved':
      return `ops resolved: ${entry.action}${entry.note ? ` (${entry.note})` : ''}`;
    case 'paidAfterCancel':
      return `paid after cancel (event ${entry.eventId}): ${describeLateAction(entry.action, entry.provider)}`;
  }
}

function describeLateAction(action: LatePaymentAction, provider: string): string {
  const why = action.detail ? ` (${action.detail})` : '';
  switch (action.kind) {
    case 'voided':
      return `voided at ${provider}: ${action.reference}`;
    case 'cancelledAtProvider':
      return `cancelled at ${provider}: ${action.reference}`;
    case 'refundAtProvider':
      return `refund it at ${provider}, reference ${action.reference}${why}`;
  }
}
