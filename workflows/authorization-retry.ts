// When a confirmation whose authorize call failed transiently is tried again: pure
// arithmetic on the workflow's clock. The token is only worth retrying while it lives:
// Affirm's checkout (and its token) ends at the checkout's expiry.
import type { PendingAuthorization } from './contract';
import type { ProviderEvent } from './domain';
import type { ProviderPolicy } from './policies';

export interface FailedAuthorization {
  checkoutToken: string;
  source: ProviderEvent['source'];
  nowMs: number;
  /** When the token stops being accepted: the provider's session expiry, else the checkout's TTL. */
  tokenExpiresAtMs: number;
}

/**
 * The next attempt for this token, counting on from an earlier failure of the same token;
 * undefined when the next attempt would fall after the token's lifetime.
 */
export function nextAuthorizationRetry(
  retry: NonNullable<ProviderPolicy['authorizeRetry']>,
  previous: PendingAuthorization | undefined,
  failed: FailedAuthorization,
): PendingAuthorization | undefined {
  const earlier = previous?.checkoutToken === failed.checkoutToken ? previous.failures : 0;
  const failures = earlier + 1;
  const delayMs = Math.min(retry.initialMs * 2 ** Math.min(earlier, 30), retry.maxMs);
  const retryAtMs = failed.nowMs + delayMs;
  if (retryAtMs >= failed.tokenExpiresAtMs) return undefined;
  return {
    checkoutToken: failed.checkoutToken,
    source: failed.source,
    failures,
    retryAt: new Date(retryAtMs).toISOString(),
  };
}
