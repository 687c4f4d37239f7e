// The checkout's own decisions as Prometheus counters, emitted through the worker's
// metric meter. The SDK drops them while a history replays, so a decision counts once
// however often its workflow is replayed, and they add no command to the history.
// Labels are small closed sets (provider ids, reasons, kinds): never an id or an amount.
import { metricMeter } from '@temporalio/workflow';
import type { Conclusion } from './checkout-run';
import type { AttentionEntry } from './contract';
import type { ProviderId } from './domain';

/** The exposed names (the worker's Prometheus endpoint appends `_total`); README lists them. */
export const CHECKOUT_METRICS = {
  completed: 'checkout_completed',
  cancelled: 'checkout_cancelled',
  attention: 'checkout_attention_raised',
  polls: 'checkout_polls',
  lateEvents: 'checkout_late_events',
} as const;

/** Why the order ended as it did: the cancel reason, `paid`, or the store overruling the decision. */
export function conclusionReason(conclusion: Conclusion): string {
  if (conclusion.status === 'cancelled') return conclusion.cancelReason ?? 'orderStoreRefusedCompletion';
  return conclusion.orderId === undefined ? 'orderStoreRefusedCancellation' : 'paid';
}

export function countConclusion(provider: ProviderId, conclusion: Conclusion): void {
  metricMeter
    .createCounter(
      CHECKOUT_METRICS[conclusion.status],
      '1',
      'Checkouts decided by the workflow, by provider and reason.',
    )
    .add(1, { provider, reason: conclusionReason(conclusion) });
}

export function countAttention(provider: ProviderId, kind: AttentionEntry['kind']): void {
  metricMeter
    .createCounter(
      CHECKOUT_METRICS.attention,
      '1',
      'Attention entries raised for ops (checkout.needsAttention), by kind.',
    )
    .add(1, { provider, kind });
}

/** outcome: the kind of status read (pending, fulfil, cancel, …) or `failed` after the activity's retries. */
export function countPoll(provider: ProviderId, outcome: string): void {
  metricMeter
    .createCounter(CHECKOUT_METRICS.polls, '1', 'Provider status reads, by provider and outcome.')
    .add(1, { provider, outcome });
}

export function countLateEvent(provider: ProviderId): void {
  metricMeter
    .createCounter(
      CHECKOUT_METRICS.lateEvents,
      '1',
      'Verified provider events that reached a checkout after it was cancelled.',
    )
    .add(1, { provider });
}
