// The browser's return carries a token anyone holding the (bound) return URL can make up.
// These counters bound how often such tokens reach the provider's authorize call, and
// keep what was refused or turned away visible to ops. Pure data in, data out.
import type { CheckoutState, RedirectAuthorizations } from './contract';

export function redirectCountsOf(state: CheckoutState): RedirectAuthorizations {
  return state.redirectAuthorizations ?? { attempted: 0, refused: 0, overLimit: 0 };
}

/** One more browser-return token: admitted (counted as attempted) below the limit, else counted as over it. */
export function admitRedirect(
  counts: RedirectAuthorizations,
  limit: number | undefined,
): { admitted: boolean; counts: RedirectAuthorizations } {
  if (limit !== undefined && counts.attempted >= limit) {
    return { admitted: false, counts: { ...counts, overLimit: counts.overLimit + 1 } };
  }
  return { admitted: true, counts: { ...counts, attempted: counts.attempted + 1 } };
}

/**
 * Authorize calls whose answer is final for their idempotency key: a mismatch (voided)
 * or a refused browser return. The next call needs a new key, or the provider would
 * replay the old answer; a transient failure keeps its key so a retry finds the same result.
 */
export function spentAuthorizations(state: CheckoutState): number {
  return state.authorizationMismatches + redirectCountsOf(state).refused;
}
