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
  /** Add this to the provider's own session expiry to get the TTL, when it reports one. */
  ttlFromSessionExpiryGraceMs?: number;
  /**
   * Authorize-first providers: how many browser-return tokens one checkout authorizes at
   * most. The return is unauthenticated, so whoever holds its URL could otherwise make us
   * call the provider without end; later returns are counted, not authorized.
   */
  maxRedirectAuthorizations?: number;
  /** How long a cancelled checkout keeps listening for a payment its session may still take. */
  latePayments: LatePaymentWindow;
  timing: CheckoutTiming;
}

/**
 * After a merchant cancel or our TTL, until when the provider's session can still be
 * paid (docs/providers.md, each provider's "Paid after cancel"): its own reported expiry
 * where the policy trusts it, else a lifetime from the session's opening; never less
 * than the delivery grace after the cancel, for webhooks already on their way.
 */
export interface LatePaymentWindow {
  untilSessionExpiry: boolean;
  sessionLifetimeMs: number;
  deliveryGraceMs: number;
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

const DELIVERY_GRACE_MS = 1 * HOUR;

export const PROVIDER_POLICIES: Record<ProviderId, ProviderPolicy> = {
  // Customers finish financing applications days later; no status API to poll. No
  // documented lifetime of an application: twice our TTL, a bounded choice.
  wegetfinancing: {
    ...NO_EXTRAS,
    latePayments: {
      untilSessionExpiry: false,
      sessionLifetimeMs: 14 * DAY,
      deliveryGraceMs: DELIVERY_GRACE_MS,
    },
    timing: { ...BASE_TIMING, ttlMs: 7 * DAY },
  },
  // The provider's own plugin reconciles pending orders for 72 h. Our cancel closes the
  // order there, so only deliveries already under way can follow it.
  iwocapay: {
    ...NO_EXTRAS,
    polls: true,
    cancelsSessionAtProvider: true,
    latePayments: { untilSessionExpiry: false, sessionLifetimeMs: 0, deliveryGraceMs: DELIVERY_GRACE_MS },
    timing: BASE_TIMING,
  },
  // checkout_expiration is the session's end; without one Affirm's link lasts 7 days.
  affirm: {
    ...NO_EXTRAS,
    authorizeBeforeComplete: true,
    ttlFromSessionExpiryGraceMs: 1 * HOUR,
    maxRedirectAuthorizations: 5,
    latePayments: {
      untilSessionExpiry: true,
      sessionLifetimeMs: 7 * DAY,
      deliveryGraceMs: DELIVERY_GRACE_MS,
    },
    timing: { ...BASE_TIMING, ttlMs: 7 * DAY },
  },
  // WiPay's redirect is the only signal: the 240-minute recovery window is the TTL, and
  // a success may still come back within it after the 3-minute session expired.
  wipay: {
    ...NO_EXTRAS,
    hardSessionExpiry: true,
    latePayments: {
      untilSessionExpiry: false,
      sessionLifetimeMs: 240 * MINUTE,
      deliveryGraceMs: DELIVERY_GRACE_MS,
    },
    timing: { ...BASE_TIMING, ttlMs: 240 * MINUTE },
  },
  ecomtrade24: {
    ...NO_EXTRAS,
    polls: true,
    ttlFromSessionExpiryGraceMs: 1 * HOUR,
    latePayments: {
      untilSessionExpiry: true,
      sessionLifetimeMs: 72 * HOUR,
      deliveryGraceMs: DELIVERY_GRACE_MS,
    },
    timing: { ...BASE_TIMING, ttlMs: 72 * HOUR },
  },
};

export function timingFor(provider: ProviderId, overrides: Partial<CheckoutTiming> = {}): CheckoutTiming {
  return { ...PROVIDER_POLICIES[provider].timing, ...overrides };
}
