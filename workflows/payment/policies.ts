// What each provider's money does after the order, as data. Only Affirm authorizes first
// and captures later (its authorization lapses 30 days after it was made); every other
// provider has taken the money when the checkout completes. Which calls a provider has
// (refund, void, shipping) is read from its adapter at run time (paymentCapabilities).
import type { ProviderId } from '../domain';

export interface PaymentPolicy {
  /** The money is authorized at completion and must be captured by a call. */
  capturesLater: boolean;
  /** How long an authorization holds, in days after it was made. */
  authorizationValidDays?: number;
  /** How many days before it lapses the authorization is listed for attention. */
  expiringNoticeDays?: number;
}

export const PAYMENT_POLICIES: Record<ProviderId, PaymentPolicy> = {
  affirm: { capturesLater: true, authorizationValidDays: 30, expiringNoticeDays: 5 },
  wegetfinancing: { capturesLater: false },
  iwocapay: { capturesLater: false },
  wipay: { capturesLater: false },
  ecomtrade24: { capturesLater: false },
};

/** After this long, nothing more is expected to happen to an order's money; the workflow ends. */
export const PAYMENT_LIFETIME_DAYS = 180;

export const DAY_MS = 24 * 60 * 60 * 1000;
