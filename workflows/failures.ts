// How activity failures reach the workflow, in one place: activities turn a provider's
// (or the order store's) permanent refusal into a non-retryable failure of a named type;
// the workflow reads it back as "it said no" versus "we could not reach it after our retries".
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

export const PERMANENT_PROVIDER_ERROR = 'PermanentProviderError';
/**
 * A status watch's read found nothing new (or only armed its schedule): a retryable
 * failure, so the activity's retry policy schedules the next read (workflows/watch.ts).
 */
export const STATUS_UNCHANGED = 'StatusUnchanged';

export interface ProviderCallFailure {
  /** The provider refused (4xx, disabled, unsupported); retrying later will not help. */
  permanent: boolean;
  /** The provider's reason or the last error, for the checkout's `detail`. */
  message: string;
}

/** Classifies a failed activity call; anything that is not an activity failure is rethrown. */
export function providerCallFailure(error: unknown): ProviderCallFailure {
  if (!(error instanceof ActivityFailure)) throw error;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    return { permanent: cause.type === PERMANENT_PROVIDER_ERROR, message: cause.message };
  }
  return { permanent: false, message: cause?.message ?? error.message };
}

/**
 * The order store's refusals that no retry can change (src/store/errors.ts): the store
 * activities raise them as non-retryable failures of these types.
 */
export const INVALID_STORE_INPUT_ERROR = 'InvalidStoreInput';
export const CHECKOUT_MISMATCH_ERROR = 'CheckoutMismatch';
const STORE_REFUSALS: readonly string[] = [INVALID_STORE_INPUT_ERROR, CHECKOUT_MISMATCH_ERROR];

/**
 * The store's permanent refusal, as its message; anything else is rethrown (store calls
 * retry without limit, so nothing else reaches the workflow).
 */
export function storeRefusal(error: unknown): string {
  const cause = activityCause(error);
  if (cause?.type && STORE_REFUSALS.includes(cause.type)) return cause.message;
  throw error;
}

/**
 * The application failure an activity call ended in: the cause of an ActivityFailure, or,
 * from a local activity (whose failure the SDK hands over unwrapped), the failure itself.
 */
export function activityCause(error: unknown): ApplicationFailure | undefined {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause;
  return undefined;
}
