// Carrying out decisions: completing, cancelling, authorizing. Each ends in the order
// store first and only then in the checkout's status, so the status never claims more
// than the store holds. A store that refuses for good holds the checkout for ops.
import { log } from '@temporalio/workflow';
import type { CompleteOrderInput } from '../src/store';
import type { CheckoutRun } from './checkout-run';
import { nowIso } from './checkout-run';
import type { CancelReason } from './contract';
import { decide } from './decide';
import type { EventSource, ProviderEvent } from './domain';
import { providerCallFailure, storeRefusal } from './failures';
import { nextAuthorizationRetry } from './authorization-retry';
import { amountMismatchEntry } from './holds';
import { readProviderStatus } from './polling';
import { providerCalls, store } from './proxies';
import { admitRedirect, redirectCountsOf, spentAuthorizations } from './redirect-authorizations';

function identity(run: CheckoutRun) {
  const { checkoutId, merchantOrderId, provider, amount, currency } = run.state;
  return { checkoutId, merchantOrderId, provider, amount, currency };
}

export async function completeCheckout(
  run: CheckoutRun,
  detail?: string,
  providerTransactionId?: string,
): Promise<void> {
  run.beginClosing();
  const input: CompleteOrderInput = {
    ...identity(run),
    providerReference: run.state.session?.providerReference,
    providerTransactionId,
  };
  let result;
  try {
    // An ordinary activity even in lean runs: the decision's workflow task ends before the
    // write, so events that arrive meanwhile reach the next task (and are counted) instead of
    // racing a task that would complete the workflow.
    result = await store.completeOrder(input);
  } catch (error) {
    return holdForStore(run, 'completeOrder', error);
  }
  if (result.outcome === 'completed') {
    run.conclude({ status: 'completed', orderId: result.orderId, detail });
    return;
  }
  // Only this workflow writes the checkout, so this means an operator cancelled it by hand.
  run.conclude({ status: 'cancelled', detail: `order store refused completion: ${result.reason}` });
}

export async function cancelCheckout(
  run: CheckoutRun,
  reason: CancelReason,
  atProvider: boolean,
  detail?: string,
): Promise<void> {
  if (atProvider) {
    // Still undecided here: the last status read is an ordinary event, not a late one.
    const paid = (await closeAtProvider(run)) ?? run.takeQueuedCompletion();
    if (paid) return completePaid(run, reason, paid);
    if (await authorizedQueuedConfirmation(run)) return;
  }
  run.beginClosing();
  const transactionId = run.state.providerTransactionId;
  if (transactionId !== undefined) await voidAuthorization(run, transactionId);
  let result;
  try {
    result = await store.cancelOrder({
      ...identity(run),
      reason,
      providerReference: run.state.session?.providerReference,
    });
  } catch (error) {
    return holdForStore(run, 'cancelOrder', error);
  }
  if (result.outcome === 'cancelled') {
    run.conclude({ status: 'cancelled', cancelReason: reason, detail: detail ?? run.state.detail });
    return;
  }
  run.conclude({ status: 'completed', detail: `order store refused cancellation: ${result.reason}` });
}

/**
 * The customer paid before the cancel could be carried out: that payment completes the
 * checkout, unless its amount or currency is wrong, which holds it for ops instead.
 */
async function completePaid(run: CheckoutRun, reason: CancelReason, paid: ProviderEvent): Promise<void> {
  const decision = decide(run.decisionContext(), { type: 'event', event: paid });
  if (decision.type === 'hold') return run.hold(amountMismatchEntry(run.state, decision, paid, nowIso()));
  return completeCheckout(run, `${reason} requested, but the customer had already paid (${paid.rawStatus})`);
}

/**
 * Runs recorded before this let a cancel win over a confirmation already queued (Affirm),
 * leaving the customer's confirmed loan unauthorized; they replay that way.
 */
const CANCEL_AUTHORIZES_QUEUED_CONFIRMATION = 'cancel-authorizes-queued-confirmation';

/**
 * The customer confirmed before the cancel was carried out: that confirmation is
 * authorized first, like a payment that came first. True when that decided the checkout
 * (or held it); a refused browser token leaves it open, and the cancel goes on.
 */
async function authorizedQueuedConfirmation(run: CheckoutRun): Promise<boolean> {
  if (!run.hasQueuedConfirmation() || !run.since(CANCEL_AUTHORIZES_QUEUED_CONFIRMATION)) return false;
  const confirmation = run.takeQueuedConfirmation();
  if (confirmation?.authorizationToken === undefined) return false;
  await authorizeCheckout(run, confirmation.authorizationToken, confirmation.source);
  return run.decided || run.state.status === 'held';
}

/** A refusal no retry can change (anything else is rethrown): ops decide, nothing is retried forever. */
function holdForStore(run: CheckoutRun, operation: 'completeOrder' | 'cancelOrder', error: unknown): void {
  run.hold({ kind: 'storeRefused', operation, reason: storeRefusal(error), at: nowIso() });
}

/** Recorded by runs that read WiPay's transaction before cancelling; earlier runs replay without. */
const STATUS_READ_BEFORE_CANCEL_PATCH = 'status-read-before-cancel';

/**
 * Closes the session at the provider where it has a call for that. When it cannot
 * (refused, or no such call) and the provider has a status API, one last read tells
 * whether the customer paid first: then the answer is that reading, and we complete.
 */
async function closeAtProvider(run: CheckoutRun): Promise<ProviderEvent | undefined> {
  const providerReference = run.state.session?.providerReference;
  if (providerReference === undefined) return undefined;
  if (await cancelSessionAtProvider(run, providerReference)) return undefined;
  const polls = run.policy.polls;
  if (!polls && !(run.policy.readsStatusBeforeCancel && run.since(STATUS_READ_BEFORE_CANCEL_PATCH)))
    return undefined;
  const reason = run.state.detail;
  const read = await readProviderStatus(run);
  // A read that could not be made (no WAPI key, WiPay down) is counted in pollFailures;
  // the checkout's reason for ending stays the detail.
  if (!polls && read === undefined) run.state.detail = reason;
  return read?.event.kind === 'fulfil' ? read.event : undefined;
}

/** True when the provider closed the session; false when it has no such call or refused. */
export async function cancelSessionAtProvider(run: CheckoutRun, providerReference: string): Promise<boolean> {
  if (!run.policy.cancelsSessionAtProvider) return false;
  try {
    await providerCalls.cancelProviderSession({ provider: run.state.provider, providerReference });
    return true;
  } catch (error) {
    run.state.detail = `provider did not cancel the session: ${providerCallFailure(error).message}`;
    return false;
  }
}

/**
 * Recorded by runs that keep waiting after a browser return's token was refused; runs
 * recorded before it replay the cancel they took back then.
 */
const REDIRECT_REFUSAL_WAITS = 'redirect-refusal-waits';

/**
 * A token from a browser return is only a claim (anyone with the return URL can send
 * one), so the provider refusing it decides nothing: the checkout keeps waiting for the
 * provider's verified webhook or the TTL. A refusal of a token from the provider's own
 * authenticated webhook is the provider's answer, and cancels.
 */
export async function authorizeCheckout(
  run: CheckoutRun,
  checkoutToken: string,
  source: EventSource,
): Promise<void> {
  if (source === 'redirect' && !admitBrowserToken(run)) return;
  return attemptAuthorization(run, checkoutToken, source);
}

/** A transient failure's durable timer ran out: the same token, with the same key, once more. */
export async function retryAuthorization(run: CheckoutRun): Promise<void> {
  const pending = run.state.pendingAuthorization;
  if (pending) return attemptAuthorization(run, pending.checkoutToken, pending.source);
}

async function attemptAuthorization(
  run: CheckoutRun,
  checkoutToken: string,
  source: EventSource,
): Promise<void> {
  const fromBrowser = source === 'redirect';
  const waitingStatus = run.state.status;
  run.setStatus('authorizing');
  const { checkoutId, amount, provider, authorizationMismatches, session } = run.state;
  let verdict;
  try {
    verdict = await providerCalls.authorizeProviderTransaction({
      provider,
      checkoutId,
      checkoutToken,
      amount,
      providerReference: session?.providerReference,
      // Stable per attempt: a retried call is one authorization at the provider.
      idempotencyKey: `${checkoutId}-authorize-${spentAuthorizations(run.state) + 1}`,
    });
  } catch (error) {
    const failure = providerCallFailure(error);
    if (failure.permanent) settlePending(run, checkoutToken);
    if (failure.permanent && fromBrowser && run.since(REDIRECT_REFUSAL_WAITS)) {
      const counts = redirectCountsOf(run.state);
      run.setStatus(waitingStatus, {
        redirectAuthorizations: { ...counts, refused: counts.refused + 1 },
        detail: `browser return's authorization refused (${counts.refused + 1} so far), waiting: ${failure.message}`,
      });
      return;
    }
    if (failure.permanent) return cancelCheckout(run, 'authorizationRefused', false, failure.message);
    if (run.policy.authorizeRetry && run.since(AUTHORIZE_RETRY_PATCH))
      return keepForRetry(run, waitingStatus, { checkoutToken, source }, failure.message);
    // Unreachable after our retries: the confirmation may be delivered again, so keep waiting.
    run.setStatus(waitingStatus, { detail: `authorization failed, waiting: ${failure.message}` });
    return;
  }
  settlePending(run, checkoutToken);
  if (verdict.outcome === 'authorized') {
    run.state.providerTransactionId = verdict.transactionId;
    return completeCheckout(run, undefined, verdict.transactionId);
  }
  await voidAuthorization(run, verdict.transactionId);
  run.setStatus(waitingStatus, {
    authorizationMismatches: authorizationMismatches + 1,
    detail: `authorization did not match and was voided: ${verdict.detail}`,
  });
}

/**
 * Recorded by runs that retry a transiently failed authorization on a durable timer; runs
 * recorded before it replay the plain wait they took back then.
 */
const AUTHORIZE_RETRY_PATCH = 'authorize-retry-on-timer';

/**
 * Affirm does not retry its webhook and the browser returns once, so a confirmation
 * whose authorize call failed would otherwise wait, confirmed, until the TTL. It is kept
 * and tried again (nextWake's `authorizeRetry`) while its token lives.
 */
function keepForRetry(
  run: CheckoutRun,
  waitingStatus: CheckoutRun['state']['status'],
  token: { checkoutToken: string; source: EventSource },
  reason: string,
): void {
  const retry = run.policy.authorizeRetry;
  if (!retry) return;
  const pending = nextAuthorizationRetry(retry, run.state.pendingAuthorization, {
    ...token,
    nowMs: Date.now(),
    tokenExpiresAtMs: tokenExpiresAtMs(run),
  });
  const detail = pending
    ? `authorization failed (${pending.failures} so far), retrying at ${pending.retryAt}: ${reason}`
    : `authorization failed and the token expires before another attempt, waiting: ${reason}`;
  run.setStatus(waitingStatus, { pendingAuthorization: pending, detail });
}

/** Affirm's token ends with its checkout (checkout_expiration, the session's expiresAt). */
function tokenExpiresAtMs(run: CheckoutRun): number {
  const expiresAt = Date.parse(run.state.session?.expiresAt ?? '');
  return Number.isFinite(expiresAt) ? expiresAt : Date.parse(run.state.openedAt) + run.timing.ttlMs;
}

/** The provider answered for this token (yes or no): nothing is left to retry for it. */
function settlePending(run: CheckoutRun, checkoutToken: string): void {
  if (run.state.pendingAuthorization?.checkoutToken === checkoutToken)
    run.state.pendingAuthorization = undefined;
}

/** Counts the browser's token; past the policy's limit it is not authorized at all. */
export function admitBrowserToken(run: CheckoutRun): boolean {
  const limit = run.policy.maxRedirectAuthorizations;
  const { admitted, counts } = admitRedirect(redirectCountsOf(run.state), limit);
  run.state.redirectAuthorizations = counts;
  if (!admitted) {
    run.state.detail = `browser return not authorized: ${limit ?? 0} returns were tried already`;
    log.warn('browser return over the authorization limit', { overLimit: counts.overLimit });
    run.showSummary();
  }
  return admitted;
}

async function voidAuthorization(run: CheckoutRun, transactionId: string): Promise<void> {
  try {
    await providerCalls.voidProviderAuthorization({
      provider: run.state.provider,
      transactionId,
      idempotencyKey: `${run.state.checkoutId}-void-${transactionId}`,
    });
    if (run.state.providerTransactionId === transactionId) run.state.providerTransactionId = undefined;
  } catch (error) {
    // An unvoided hold expires on its own (Affirm: 30 days); ops see it in the detail.
    run.state.detail = `void of ${transactionId} failed: ${providerCallFailure(error).message}`;
  }
}
