// Provider behaviour as data: the workflow reads these and never branches on a
// provider's name. Durations are milliseconds so the workflow can add them to its
// deterministic clock; every one can be overridden per checkout through the input.
import type { ProviderId } from './domain';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface CheckoutTiming {
  /** Give up and cancel (reason `expired`) this long after the session opened. */
  ttlMs: number;
  /** First status poll this long after the session opened (providers with a status API). */
  firstPollMs: number;
  /** Poll interval doubles after each poll up to this ceiling. */
  maxPollIntervalMs: number;
  /** WiPay: hosted-session lifetime without / with AVS. */
  sessionExpiryMs: number;
  avsSessionExpiryMs: number;
  /** WiPay: past expiry by this much without a verified result, the checkout is `timedOut`. */
  timeoutGraceMs: number;
}

export interface ProviderPolicy {
  /** The provider has a status API we poll as a fallback for lost webhooks. */
  polls: boolean;
  /** A confirmation must be authorized with the provider before the order completes (Affirm). */
  authorizeBeforeComplete: boolean;
  /** The provider has a call to cancel an open session (iwocaPay DELETE). */
  cancelsSessionAtProvider: boolean;
  /** The session expires on a hard clock and then enters a timeout state (WiPay). */
  hardSessionExpiry: boolean;
  /**
   * No status API to poll, but a transaction read (WiPay's WAPI, with a WAPI key): read
   * once before the checkout is cancelled, so a customer who paid and never came back is
   * not cancelled.
   */
  readsStatusBeforeCancel?: boolean;
  /** Add this to the provider's own session expiry to get the TTL, when it reports one. */
  ttlFromSessionExpiryGraceMs?: number;
  /**
   * Authorize-first providers: how many browser-return tokens one checkout authorizes at
   * most. The return is unauthenticated, so whoever holds its URL could otherwise make us
   * call the provider without end; later returns are counted, not authorized.
   */
  maxRedirectAuthorizations?: number;
  /**
   * The latest a merchant's expiresAt may be, from now: past it the provider would have
   * given up on the session (or we could no longer learn its result), so the gateway
   * refuses it (422) rather than promise a checkout that cannot live that long.
   */
  maxExpiresInMs: number;
  /**
   * Authorize-first providers: a confirmation whose authorize call failed transiently is
   * tried again after `initialMs`, doubling up to `maxMs`, while its token lives (Affirm
   * does not retry webhooks, and the browser's return comes once).
   */
  authorizeRetry?: { initialMs: number; maxMs: number };
  /**
   * Authorize-first providers without retried webhooks: read the provider's checkout on
   * the poll schedule (firstPollMs, doubling to maxPollIntervalMs) for a confirmation that
   * never reached us, and once more this long before the provider's session expires.
   */
  confirmationReads?: { finalReadBeforeExpiryMs: number };
  timing: CheckoutTiming;
}

const BASE_TIMING: CheckoutTiming = {
  ttlMs: 72 * HOUR,
  firstPollMs: 60 * SECOND,
  maxPollIntervalMs: 15 * MINUTE,
  sessionExpiryMs: 3 * MINUTE,
  avsSessionExpiryMs: 5 * MINUTE,
  timeoutGraceMs: 30 * SECOND,
};

const NO_EXTRAS = {
  polls: false,
  authorizeBeforeComplete: false,
  cancelsSessionAtProvider: false,
  hardSessionExpiry: false,
} as const;

export const PROVIDER_POLICIES: Record<ProviderId, ProviderPolicy> = {
  // Customers finish financing applications days later; no status API to poll.
  wegetfinancing: { ...NO_EXTRAS, maxExpiresInMs: 7 * DAY, timing: { ...BASE_TIMING, ttlMs: 7 * DAY } },
  // The provider's own plugin reconciles pending orders for 72 h.
  iwocapay: {
    ...NO_EXTRAS,
    polls: true,
    cancelsSessionAtProvider: true,
    maxExpiresInMs: 72 * HOUR,
    timing: BASE_TIMING,
  },
  affirm: {
    ...NO_EXTRAS,
    authorizeBeforeComplete: true,
    ttlFromSessionExpiryGraceMs: 1 * HOUR,
    maxRedirectAuthorizations: 5,
    // An Affirm checkout link lives 7 days unless told otherwise (docs/providers.md).
    maxExpiresInMs: 7 * DAY,
    authorizeRetry: { initialMs: 30 * SECOND, maxMs: 10 * MINUTE },
    // A few reads a day at most: a lost confirmation is rare, and the last read comes
    // while the token can still be authorized.
    confirmationReads: { finalReadBeforeExpiryMs: 15 * MINUTE },
    timing: { ...BASE_TIMING, ttlMs: 7 * DAY, firstPollMs: 1 * HOUR, maxPollIntervalMs: 4 * HOUR },
  },
  // WiPay's redirect is the only signal it sends: the 240-minute recovery window is the TTL.
  wipay: {
    ...NO_EXTRAS,
    hardSessionExpiry: true,
    readsStatusBeforeCancel: true,
    maxExpiresInMs: 240 * MINUTE,
    timing: { ...BASE_TIMING, ttlMs: 240 * MINUTE },
  },
  ecomtrade24: {
    ...NO_EXTRAS,
    polls: true,
    ttlFromSessionExpiryGraceMs: 1 * HOUR,
    // The docs state no session lifetime; our status polling runs this long.
    maxExpiresInMs: 72 * HOUR,
    timing: { ...BASE_TIMING, ttlMs: 72 * HOUR },
  },
};

export function timingFor(provider: ProviderId, overrides: Partial<CheckoutTiming> = {}): CheckoutTiming {
  return { ...PROVIDER_POLICIES[provider].timing, ...overrides };
}
