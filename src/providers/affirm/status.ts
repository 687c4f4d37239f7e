// Affirm's status-visibility events and what each means for the order. `confirmed`
// is not payment yet: the workflow must authorize the transaction with Affirm first.
import type { OutcomeKind } from '../../../workflows/domain';
import { outcomeLookup } from '../status-table';

export const AFFIRM_EVENTS = [
  'sent',
  'opened',
  'approved',
  'more_information_needed',
  'not_approved',
  'confirmed',
] as const;
export type AffirmEvent = (typeof AFFIRM_EVENTS)[number];

export const AFFIRM_EVENT_OUTCOMES: Record<AffirmEvent, OutcomeKind> = {
  sent: 'wait',
  opened: 'wait',
  approved: 'wait',
  more_information_needed: 'wait',
  not_approved: 'cancel',
  confirmed: 'authorize',
};

const affirmLookup = outcomeLookup(AFFIRM_EVENT_OUTCOMES);

export const isAffirmEvent = affirmLookup.isKnown;

/** Anything Affirm adds later is `unknown` (logged, counted), never silently `wait`. */
export const affirmOutcome = affirmLookup.outcomeOf;

/**
 * Read Checkout's `checkout_status` [3p]. Only `confirmed` is acted on, and only by
 * authorizing, which Affirm itself then accepts or refuses; the others decide nothing
 * (a third-party description must not cancel a checkout), and an absent field reads as
 * `unreported`, which waits too.
 */
export const AFFIRM_CHECKOUT_STATUS_OUTCOMES: Record<string, OutcomeKind> = {
  pending: 'wait',
  confirmed: 'authorize',
  failed: 'wait',
  expired: 'wait',
  unreported: 'wait',
};

export function affirmCheckoutStatusOutcome(status: string): OutcomeKind {
  return Object.hasOwn(AFFIRM_CHECKOUT_STATUS_OUTCOMES, status)
    ? (AFFIRM_CHECKOUT_STATUS_OUTCOMES[status] as OutcomeKind)
    : 'unknown';
}
