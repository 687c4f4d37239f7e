// The checkout's decision rule as a pure, monotonic state machine: given the current
// status and one stimulus, what to do next. Once a checkout is completed or cancelled
// nothing changes it, so a late, duplicated or reordered event can never undo an order.
// A held checkout waits for ops: events are still counted, but only `resolveHold` moves it.
import type { Money, ReportedMoney } from './amounts';
import { differs } from './amounts';
import type { CancelReason, CheckoutStatus, ResolveHoldRequest } from './contract';
import { isDecided } from './contract';
import type { ProviderEvent, ProviderId } from './domain';
import type { ProviderPolicy } from './policies';

/** Deadlines the workflow sleeps towards (polls are not decisions: they produce events). */
export type DecisionDeadline = 'sessionTimeout' | 'ttl';

export type Stimulus =
  | { type: 'event'; event: ProviderEvent }
  | { type: 'merchantCancel' }
  | { type: 'deadline'; deadline: DecisionDeadline }
  | { type: 'resolveHold'; request: ResolveHoldRequest };

export type WaitNote =
  | 'pending'
  | 'unknownStatus'
  | 'refund'
  | 'missingToken'
  | 'foreignSession'
  /** Held for ops: counted, never applied. */
  | 'held';

export type Decision =
  | { type: 'complete' }
  /** source: a browser return's token may be refused without consequence (outcomes.ts). */
  | { type: 'authorize'; checkoutToken: string; source: ProviderEvent['source'] }
  /** atProvider: also close the session at the provider (and read its status first where it can). */
  | { type: 'cancel'; reason: CancelReason; atProvider: boolean }
  /** WiPay: past expiry + grace without a verified result; not final. */
  | { type: 'timeOut' }
  /** A fulfilling report whose amount or currency is not the checkout's: wait for ops. */
  | { type: 'hold'; reported: ReportedMoney; reportedBy: 'event' | 'session' }
  | { type: 'keepWaiting'; note: WaitNote }
  | { type: 'ignore'; note: 'afterDecision' | 'notApplicable' };

type DecisionPolicy = Pick<ProviderPolicy, 'authorizeBeforeComplete'>;

export interface DecisionContext {
  status: CheckoutStatus;
  policy: DecisionPolicy;
  provider: ProviderId;
  /** The provider's id of the session this checkout created, once it exists. */
  sessionReference?: string;
  /** The checkout's amount and currency; without it nothing is compared. */
  expected?: Money;
  /** What the provider's create answer said the session is for, when it said. */
  sessionReported?: ReportedMoney;
}

export function decide(context: DecisionContext, stimulus: Stimulus): Decision {
  const { status, policy } = context;
  if (isDecided(status)) return { type: 'ignore', note: 'afterDecision' };
  if (status === 'held') return decideHeld(context, stimulus);
  switch (stimulus.type) {
    case 'event':
      if (isForeign(context, stimulus.event)) return { type: 'keepWaiting', note: 'foreignSession' };
      return checkAmount(context, stimulus.event, decideEvent(policy, stimulus.event));
    case 'resolveHold':
      return { type: 'ignore', note: 'notApplicable' };
    case 'merchantCancel':
      return { type: 'cancel', reason: 'merchantCancelled', atProvider: true };
    case 'deadline':
      if (stimulus.deadline === 'ttl') return { type: 'cancel', reason: 'expired', atProvider: true };
      // Only an open wait can time out; a repeat (or a checkout mid-authorization) is left alone.
      return status === 'awaitingCustomer' ? { type: 'timeOut' } : { type: 'ignore', note: 'notApplicable' };
  }
}

/**
 * Money may have moved, so no deadline and no merchant cancel ends a held checkout: ops
 * do, once. Refunds are still listed for reconciliation.
 */
function decideHeld(context: DecisionContext, stimulus: Stimulus): Decision {
  switch (stimulus.type) {
    case 'resolveHold':
      return stimulus.request.action === 'complete'
        ? { type: 'complete' }
        : // Not at the provider: a last read finding the payment would complete what ops cancelled.
          { type: 'cancel', reason: 'opsCancelled', atProvider: false };
    case 'event':
      if (isForeign(context, stimulus.event)) return { type: 'keepWaiting', note: 'foreignSession' };
      return stimulus.event.kind === 'refund'
        ? { type: 'keepWaiting', note: 'refund' }
        : { type: 'keepWaiting', note: 'held' };
    case 'merchantCancel':
      return { type: 'keepWaiting', note: 'held' };
    case 'deadline':
      return { type: 'ignore', note: 'notApplicable' };
  }
}

/**
 * A completion is checked against the checkout's amount and currency: first what the
 * event reports, then what the session's create answer reported. Absent means nothing to
 * compare. Authorize-first providers compare the authorized amount in their activity.
 */
function checkAmount(context: DecisionContext, event: ProviderEvent, decision: Decision): Decision {
  const { expected, sessionReported } = context;
  if (decision.type !== 'complete' || expected === undefined) return decision;
  const reported = { amount: event.amount, currency: event.currency };
  if (differs(expected, reported)) return { type: 'hold', reported, reportedBy: 'event' };
  if (sessionReported && differs(expected, sessionReported))
    return { type: 'hold', reported: sessionReported, reportedBy: 'session' };
  return decision;
}

/**
 * Some providers' verified fields do not include the merchant reference (WiPay's hash
 * covers transaction_id, not order_id), so an event counts only when it names our
 * session. Authorize-first providers are exempt: the authorize call itself proves the
 * token, and its amount and order id are checked before anything completes.
 */
function isForeign(context: DecisionContext, event: ProviderEvent): boolean {
  if (event.provider !== context.provider) return true;
  if (context.policy.authorizeBeforeComplete) return false;
  const { sessionReference } = context;
  return (
    sessionReference !== undefined &&
    event.providerReference !== undefined &&
    event.providerReference !== sessionReference
  );
}

function decideEvent(policy: DecisionPolicy, event: ProviderEvent): Decision {
  switch (event.kind) {
    case 'fulfil':
    case 'authorize':
      return policy.authorizeBeforeComplete ? authorizeWith(event) : fulfilWithoutAuthorization(event);
    case 'cancel':
      // The provider ended it itself, so there is no session left to close there. Its own
      // "expired" (Ecomtrade24) is an expiry for ops, not a refusal of the customer.
      return {
        type: 'cancel',
        reason: isExpiryStatus(event.rawStatus) ? 'expired' : 'declined',
        atProvider: false,
      };
    case 'wait':
      return { type: 'keepWaiting', note: 'pending' };
    case 'refund':
      return { type: 'keepWaiting', note: 'refund' };
    case 'unknown':
      return { type: 'keepWaiting', note: 'unknownStatus' };
  }
}

function isExpiryStatus(rawStatus: string): boolean {
  return rawStatus.toLowerCase() === 'expired';
}

/** A confirmation is money only once authorized, and authorizing needs the provider's token. */
function authorizeWith(event: ProviderEvent): Decision {
  return event.authorizationToken
    ? { type: 'authorize', checkoutToken: event.authorizationToken, source: event.source }
    : { type: 'keepWaiting', note: 'missingToken' };
}

/** An authorize step from a provider without one is a status we do not understand. */
function fulfilWithoutAuthorization(event: ProviderEvent): Decision {
  return event.kind === 'fulfil' ? { type: 'complete' } : { type: 'keepWaiting', note: 'unknownStatus' };
}
