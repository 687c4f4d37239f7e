// The checkout's decision rule as a pure, monotonic state machine: given the current
// status and one stimulus, what to do next. Once a checkout is completed or cancelled
// nothing changes it, so a late, duplicated or reordered event can never undo an order.
import type { CancelReason, CheckoutStatus } from './contract';
import { isDecided } from './contract';
import type { ProviderEvent } from './domain';
import type { ProviderPolicy } from './policies';

/** Deadlines the workflow sleeps towards (polls are not decisions: they produce events). */
export type DecisionDeadline = 'sessionTimeout' | 'ttl';

export type Stimulus =
  | { type: 'event'; event: ProviderEvent }
  | { type: 'merchantCancel' }
  | { type: 'deadline'; deadline: DecisionDeadline };

export type WaitNote = 'pending' | 'unknownStatus' | 'refund' | 'missingToken';

export type Decision =
  | { type: 'complete' }
  | { type: 'authorize'; checkoutToken: string }
  /** atProvider: also close the session at the provider (and read its status first where it can). */
  | { type: 'cancel'; reason: CancelReason; atProvider: boolean }
  /** WiPay: past expiry + grace without a verified result; not final. */
  | { type: 'timeOut' }
  | { type: 'keepWaiting'; note: WaitNote }
  | { type: 'ignore'; note: 'afterDecision' | 'notApplicable' };

type DecisionPolicy = Pick<ProviderPolicy, 'authorizeBeforeComplete'>;

export function decide(status: CheckoutStatus, policy: DecisionPolicy, stimulus: Stimulus): Decision {
  if (isDecided(status)) return { type: 'ignore', note: 'afterDecision' };
  switch (stimulus.type) {
    case 'event':
      return decideEvent(policy, stimulus.event);
    case 'merchantCancel':
      return { type: 'cancel', reason: 'merchantCancelled', atProvider: true };
    case 'deadline':
      if (stimulus.deadline === 'ttl') return { type: 'cancel', reason: 'expired', atProvider: true };
      // Only an open wait can time out; a repeat (or a checkout mid-authorization) is left alone.
      return status === 'awaitingCustomer' ? { type: 'timeOut' } : { type: 'ignore', note: 'notApplicable' };
  }
}

function decideEvent(policy: DecisionPolicy, event: ProviderEvent): Decision {
  switch (event.kind) {
    case 'fulfil':
    case 'authorize':
      return policy.authorizeBeforeComplete ? authorizeWith(event) : fulfilWithoutAuthorization(event);
    case 'cancel':
      // The provider itself declined: there is no session left to close there.
      return { type: 'cancel', reason: 'declined', atProvider: false };
    case 'wait':
      return { type: 'keepWaiting', note: 'pending' };
    case 'refund':
      return { type: 'keepWaiting', note: 'refund' };
    case 'unknown':
      return { type: 'keepWaiting', note: 'unknownStatus' };
  }
}

/** A confirmation is money only once authorized, and authorizing needs the provider's token. */
function authorizeWith(event: ProviderEvent): Decision {
  return event.authorizationToken
    ? { type: 'authorize', checkoutToken: event.authorizationToken }
    : { type: 'keepWaiting', note: 'missingToken' };
}

/** An authorize step from a provider without one is a status we do not understand. */
function fulfilWithoutAuthorization(event: ProviderEvent): Decision {
  return event.kind === 'fulfil' ? { type: 'complete' } : { type: 'keepWaiting', note: 'unknownStatus' };
}
