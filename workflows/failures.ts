// How activity failures reach the workflow, in one place: activities turn a provider's
// permanent refusal into a non-retryable failure of this type; the workflow reads it
// back as "the provider said no" versus "we could not reach it after our retries".
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

export const PERMANENT_PROVIDER_ERROR = 'PermanentProviderError';

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
