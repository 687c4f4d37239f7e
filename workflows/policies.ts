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
    maxExpiresInMs: 7 * DAY,
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
    maxExpiresInMs: 72 * HOUR,
    latePayments: { untilSessionExpiry: false, sessionLifetimeMs: 0, deliveryGraceMs: DELIVERY_GRACE_MS },
    timing: BASE_TIMING,
  },
  // checkout_expiration is the session's end; without one Affirm's link lasts 7 days.
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
    latePayments: {
      untilSessionExpiry: true,
      sessionLifetimeMs: 7 * DAY,
      deliveryGraceMs: DELIVERY_GRACE_MS,
    },
    timing: { ...BASE_TIMING, ttlMs: 7 * DAY, firstPollMs: 1 * HOUR, maxPollIntervalMs: 4 * HOUR },
  },
  // WiPay's redirect is the only signal it sends: the 240-minute recovery window is the TTL,
  // and a success may still come back within it after the 3-minute session expired.
  wipay: {
    ...NO_EXTRAS,
    hardSessionExpiry: true,
    readsStatusBeforeCancel: true,
    maxExpiresInMs: 240 * MINUTE,
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
    // The docs state no session lifetime; our status polling runs this long.
    maxExpiresInMs: 72 * HOUR,
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
