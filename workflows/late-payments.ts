// After a merchant cancel or our TTL the provider's session may still take the customer's
// money (WeGetFinancing, WiPay, Ecomtrade24 and Affirm have no call to close it). So a
// cancelled checkout keeps listening until the session can no longer be paid: a verified
// payment then is a `paidAfterCancel` for ops, undone at the provider where it has a call
// for that. The order stays cancelled: the store already said so, and the merchant too.
import { condition } from '@temporalio/workflow';
import type { CheckoutRun } from './checkout-run';
import { nowIso } from './checkout-run';
import type { CancelReason, CheckoutState, LatePaymentAction, PaidAfterCancelEntry } from './contract';
import { latePaymentsEndMs } from './deadlines';
import { decide } from './decide';
import type { ProviderEvent } from './domain';
import { providerCallFailure, storeRefusal } from './failures';
import { publishMerchantEvents } from './merchant-events/publish';
import { countLateEvent } from './metrics';
import { admitBrowserToken } from './outcomes';
import { providerCalls } from './proxies';

/** Runs recorded before late listening closed at once after a cancel; they replay that way. */
export const LATE_PAYMENT_LISTENING_PATCH = 'late-payment-listening';

/** Cancels after which the session may still be paid (the provider's own end closed it otherwise). */
const LISTENED_REASONS: readonly CancelReason[] = ['merchantCancelled', 'expired'];

export function listensForLatePayments(state: CheckoutState): boolean {
  return (
    state.status === 'cancelled' &&
    state.session !== undefined &&
    state.cancelReason !== undefined &&
    LISTENED_REASONS.includes(state.cancelReason)
  );
}

/**
 * Listens until the session's end. 'long': the run's history grew long and it must
 * continue as new first (the carried state is cancelled, so the next run listens on).
 */
export async function listenForLatePayments(run: CheckoutRun): Promise<'closed' | 'long'> {
  const { state } = run;
  const untilMs = latePaymentsEndMs({
    openedAtMs: Date.parse(state.openedAt),
    decidedAtMs: Date.parse(state.decidedAt ?? state.openedAt),
    sessionExpiresAt: state.session?.expiresAt,
    window: run.policy.latePayments,
  });
  for (;;) {
    const event = run.takeLateArrival();
    if (event) {
      await settleLateEvent(run, event);
      // The merchant hears of it (checkout.needsAttention) before anything else happens.
      await publishMerchantEvents(run.takeMerchantEvents(), { lean: run.lean });
      continue;
    }
    if (run.runIsLong) return 'long';
    const remainingMs = untilMs - Date.now();
    if (remainingMs <= 0) return 'closed';
    const arrived = () => run.hasLateArrival || run.runIsLong;
    if (run.lean) await run.wakeTimer.waitUntil(untilMs, arrived);
    else await condition(arrived, remainingMs);
  }
}

/** What the event would have done to an open checkout says whether it is money. */
async function settleLateEvent(run: CheckoutRun, event: ProviderEvent): Promise<void> {
  countLateEvent(run.state.provider);
  const decision = decide({ ...run.decisionContext(), status: 'awaitingCustomer' }, { type: 'event', event });
  switch (decision.type) {
    case 'complete':
    case 'hold':
      // A wrong amount is still money taken after the cancel.
      return recordPaidAfterCancel(run, event, await undoAtProvider(run, event));
    case 'authorize':
      return voidLateConfirmation(run, event, decision.checkoutToken);
    default:
      return;
  }
}

/** iwocaPay: its cancel call (refused for a terminal order, then ops refund); the rest: ops refund. */
async function undoAtProvider(run: CheckoutRun, event: ProviderEvent): Promise<LatePaymentAction> {
  const sessionReference = run.state.session?.providerReference ?? '';
  const reference = event.providerReference ?? sessionReference;
  if (!run.policy.cancelsSessionAtProvider) return { kind: 'refundAtProvider', reference };
  try {
    await providerCalls.cancelProviderSession({ provider: run.state.provider, providerReference: reference });
    return { kind: 'cancelledAtProvider', reference };
  } catch (error) {
    const detail = `the provider refused the cancel: ${providerCallFailure(error).message}`;
    return { kind: 'refundAtProvider', reference, detail };
  }
}

/**
 * Affirm: a confirmation is money only once authorized, and a browser's token is only a
 * claim, so it is authorized (within the browser-return limit) to learn whether money is
 * held, then voided at once: the customer's loan does not outlive the cancelled order.
 */
async function voidLateConfirmation(run: CheckoutRun, event: ProviderEvent, checkoutToken: string) {
  if (event.source === 'redirect' && !admitBrowserToken(run)) return;
  const { checkoutId, amount, provider, session } = run.state;
  let transactionId: string;
  try {
    const verdict = await providerCalls.authorizeProviderTransaction({
      provider,
      checkoutId,
      checkoutToken,
      amount,
      providerReference: session?.providerReference,
      idempotencyKey: `${checkoutId}-late-authorize-${event.eventId}`,
    });
    transactionId = verdict.transactionId;
  } catch (error) {
    // Refused (expired, made up, already used): no money is held, nothing to undo.
    run.state.detail = `late confirmation not authorized: ${providerCallFailure(error).message}`;
    return run.showSummary();
  }
  let action: LatePaymentAction;
  try {
    await providerCalls.voidProviderAuthorization({
      provider,
      transactionId,
      idempotencyKey: `${checkoutId}-void-${transactionId}`,
    });
    action = { kind: 'voided', reference: transactionId };
  } catch (error) {
    const detail = `the void failed: ${providerCallFailure(error).message}`;
    action = { kind: 'refundAtProvider', reference: transactionId, detail };
  }
  return recordPaidAfterCancel(run, event, action);
}

/** In the order store first (it outlives Temporal's retention), then on the checkout. */
async function recordPaidAfterCancel(
  run: CheckoutRun,
  event: ProviderEvent,
  action: LatePaymentAction,
): Promise<void> {
  const { state } = run;
  const entry: PaidAfterCancelEntry = {
    kind: 'paidAfterCancel',
    provider: state.provider,
    amount: event.amount ?? state.amount,
    currency: event.currency ?? state.currency,
    at: nowIso(),
    eventId: event.eventId,
    action,
  };
  try {
    await run.store.recordPaidAfterCancel({
      checkoutId: state.checkoutId,
      provider: entry.provider,
      eventId: entry.eventId,
      amount: entry.amount,
      currency: entry.currency,
      action,
    });
  } catch (error) {
    entry.action = { ...action, detail: `not in the order store: ${storeRefusal(error)}` };
  }
  run.notePaidAfterCancel(entry);
}
