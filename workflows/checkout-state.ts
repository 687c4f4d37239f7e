// Building the checkout's state and showing it to ops: search attributes to find a
// checkout by, and a one-line summary for the Temporal UI.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CheckoutInput, CheckoutState } from './contract';
import { emptyLedger } from './ledger';
import {
  CheckoutProviderKey,
  CheckoutStatusKey,
  MerchantOrderIdKey,
  NeedsAttentionKey,
  ProviderReferenceKey,
} from './search-attributes';

export function initialState(input: CheckoutInput, openedAt: string): CheckoutState {
  const { session } = input;
  return {
    checkoutId: session.checkoutId,
    merchantOrderId: session.merchantOrderId,
    provider: input.provider,
    amount: session.amount,
    currency: session.currency,
    status: 'creatingSession',
    openedAt,
    events: emptyLedger(),
    refunds: [],
    polls: 0,
    pollFailures: 0,
    authorizationMismatches: 0,
    attention: [],
    run: 1,
    returnUrl: session.returnUrl,
    cancelUrl: session.cancelUrl,
    ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
    ...(input.expiresAt === undefined ? {} : { merchantExpiresAt: input.expiresAt }),
  };
}

export function searchAttributesOf(state: CheckoutState): SearchAttributeUpdatePair[] {
  const pairs: SearchAttributeUpdatePair[] = [
    { key: CheckoutProviderKey, value: state.provider },
    { key: CheckoutStatusKey, value: state.status },
    { key: MerchantOrderIdKey, value: state.merchantOrderId },
  ];
  const reference = state.session?.providerReference;
  if (reference !== undefined) pairs.push({ key: ProviderReferenceKey, value: reference });
  // Only once a checkout was held, so the commands of a run that never was stay as they were.
  if (state.attention?.length) pairs.push({ key: NeedsAttentionKey, value: needsAttention(state) });
  return pairs;
}

/** Held for ops, or paid after it was cancelled (money ops must look at). */
export function needsAttention(state: CheckoutState): boolean {
  return state.status === 'held' || (state.attention ?? []).some((entry) => entry.kind === 'paidAfterCancel');
}

/** What an operator wants at a glance: where the checkout is and why. */
export function summaryOf(state: CheckoutState): string {
  const parts = [`${state.provider} ${state.amount} ${state.currency}: ${state.status}`];
  if (state.cancelReason) parts.push(`(${state.cancelReason})`);
  if (state.orderId) parts.push(`order ${state.orderId}`);
  if (state.session) parts.push(`ref ${state.session.providerReference}`);
  const { received, duplicates, afterDecision, unknownStatus } = state.events;
  parts.push(`events ${received} (dup ${duplicates}, late ${afterDecision}, unknown ${unknownStatus})`);
  if (state.polls > 0) parts.push(`polls ${state.polls} (failed ${state.pollFailures})`);
  if (state.run > 1) parts.push(`run ${state.run}`);
  // The reason is the detail (set when held); this says what ops can do about it.
  if (state.status === 'held') parts.push('NEEDS ATTENTION: resolve with signal resolveHold');
  else if (needsAttention(state)) parts.push('NEEDS ATTENTION: paid after cancel');
  if (state.detail) parts.push(`— ${state.detail}`);
  return parts.join(' ');
}
