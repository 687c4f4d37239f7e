// Timeouts and retries, declared once and named. Provider calls give up after a few
// attempts so a checkout never hangs on a provider that is down; the order store is
// ours and must eventually succeed, so its calls retry until they do.
import type { ActivityOptions, LocalActivityOptions, RetryPolicy } from '@temporalio/common';
import { ActivityCancellationType } from '@temporalio/common';
import { PERMANENT_PROVIDER_ERROR } from './failures';

const providerRetry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: [PERMANENT_PROVIDER_ERROR],
};

/** Session creation, cancel, authorize, void: ~30 s of retrying before the workflow decides. */
export const providerCallOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { ...providerRetry, maximumAttempts: 5 },
};

/** A failed poll is only a missed chance: the next scheduled poll tries again. */
export const pollOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { ...providerRetry, maximumAttempts: 3 },
};

/** The store is idempotent per checkout id; an outage delays the checkout, never fails it. */
export const storeOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  // No maximumAttempts: unlimited (the SDK rejects 0 as a spelling of it).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * The same store calls as local activities (one marker event each, run inside the
 * workflow task): every store write is idempotent per checkout id, so a run repeated
 * after a crash answers the same. Retried without limit like storeOptions; a backoff
 * longer than 10 s waits on a durable timer (the SDK's localRetryThreshold) instead of
 * holding the workflow task open, so a long outage costs a timer per retry, never a
 * failed workflow.
 */
export const localStoreOptions: LocalActivityOptions = {
  startToCloseTimeout: storeOptions.startToCloseTimeout,
  retry: storeOptions.retry,
  localRetryThreshold: '10 seconds',
};

/**
 * A status watch (watch.ts): the retry policy is the poll schedule, reads `intervalMs`
 * apart at first, doubling up to the ceiling, without limit until `scheduleToCloseMs`
 * (the TTL). Each attempt is one read; a permanent refusal ends it.
 */
export function watchOptions(
  intervalMs: number,
  maxIntervalMs: number,
  scheduleToCloseMs: number,
): ActivityOptions {
  return {
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: scheduleToCloseMs,
    // The run never awaits a watch it cancelled, except before continuing as new (watch.ts).
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: intervalMs,
      backoffCoefficient: 2,
      maximumInterval: Math.max(intervalMs, maxIntervalMs),
      nonRetryableErrorTypes: [PERMANENT_PROVIDER_ERROR],
    },
  };
}
