// Vocabulary shared by the workflow, the provider adapters and the gateway. It lives
// under workflows/ because the workflow needs these values at run time, and workflow
// code may import nothing that does I/O.

export const PROVIDER_IDS = ['wegetfinancing', 'iwocapay', 'affirm', 'wipay', 'ecomtrade24'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

/**
 * What a provider's status or event means for the order.
 * - fulfil: the payment/financing is final; complete the order.
 * - authorize: the customer confirmed, but we must authorize with the provider first (Affirm).
 * - cancel: final failure; cancel the order.
 * - wait: not final; keep waiting.
 * - refund: money went back after completion; recorded, never undoes a completion.
 * - unknown: a status we do not know; logged and counted, the checkout keeps waiting.
 */
export const OUTCOME_KINDS = ['fulfil', 'authorize', 'cancel', 'wait', 'refund', 'unknown'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Where an event came from; a poll is as trustworthy as a verified webhook. */
export const EVENT_SOURCES = ['webhook', 'redirect', 'poll'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** A verified, normalised provider event: what the gateway signals and a poll returns. */
export interface ProviderEvent {
  provider: ProviderId;
  /** Our checkout id as echoed back by the provider, when the provider echoes it. */
  checkoutReference?: string;
  /** The provider's own id of the session (inv_id, order id, checkout id, transaction id, session id). */
  providerReference?: string;
  kind: OutcomeKind;
  /** The provider's status or event name exactly as received. */
  rawStatus: string;
  /** ISO-8601 instant the provider says the event happened, or when we received it. */
  occurredAt: string;
  /** Stable id for de-duplication: the same delivery twice yields the same id. */
  eventId: string;
  source: EventSource;
  /** Affirm: the checkout_token to authorize the transaction with. */
  authorizationToken?: string;
  /** Amount the provider reports, as a decimal string, when it reports one. */
  amount?: string;
  /** ISO 4217 currency the provider reports with that amount, when it reports one. */
  currency?: string;
}
