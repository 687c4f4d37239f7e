// Carrying out decisions: completing, cancelling, authorizing. Each ends in the order
// store first and only then in the checkout's status, so the status never claims more
// than the store holds.
import { log, patched } from '@temporalio/workflow';
import type { CompleteOrderInput } from '../src/store';
import type { CheckoutRun } from './checkout-run';
import type { CancelReason } from './contract';
import type { EventSource } from './domain';
import { providerCallFailure } from './failures';
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
  const result = await store.completeOrder(input);
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
    const paid = (await closeAtProvider(run)) ?? run.takeQueuedCompletion()?.rawStatus;
    if (paid)
      return completeCheckout(run, `${reason} requested, but the customer had already paid (${paid})`);
  }
  run.beginClosing();
  const transactionId = run.state.providerTransactionId;
  if (transactionId !== undefined) await voidAuthorization(run, transactionId);
  const result = await store.cancelOrder({
    ...identity(run),
    reason,
    providerReference: run.state.session?.providerReference,
  });
  if (result.outcome === 'cancelled') {
    run.conclude({ status: 'cancelled', cancelReason: reason, detail: detail ?? run.state.detail });
    return;
  }
  run.conclude({ status: 'completed', detail: `order store refused cancellation: ${result.reason}` });
}

/**
 * Closes the session at the provider where it has a call for that. When it cannot
 * (refused, or no such call) and the provider has a status API, one last read tells
 * whether the customer paid first: then the answer is the raw status, and we complete.
 */
async function closeAtProvider(run: CheckoutRun): Promise<string | undefined> {
  const providerReference = run.state.session?.providerReference;
  if (providerReference === undefined) return undefined;
  if (run.policy.cancelsSessionAtProvider) {
    try {
      await providerCalls.cancelProviderSession({ provider: run.state.provider, providerReference });
      return undefined;
    } catch (error) {
      run.state.detail = `provider did not cancel the session: ${providerCallFailure(error).message}`;
    }
  }
  if (!run.policy.polls) return undefined;
  const read = await readProviderStatus(run);
  return read?.event.kind === 'fulfil' ? read.event.rawStatus : undefined;
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
  const fromBrowser = source === 'redirect';
  if (fromBrowser && !admitBrowserToken(run)) return;
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
    if (failure.permanent && fromBrowser && patched(REDIRECT_REFUSAL_WAITS)) {
      const counts = redirectCountsOf(run.state);
      run.setStatus(waitingStatus, {
        redirectAuthorizations: { ...counts, refused: counts.refused + 1 },
        detail: `browser return's authorization refused (${counts.refused + 1} so far), waiting: ${failure.message}`,
      });
      return;
    }
    if (failure.permanent) return cancelCheckout(run, 'authorizationRefused', false, failure.message);
    // Unreachable after our retries: the confirmation may be delivered again, so keep waiting.
    run.setStatus(waitingStatus, { detail: `authorization failed, waiting: ${failure.message}` });
    return;
  }
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

/** Counts the browser's token; past the policy's limit it is not authorized at all. */
function admitBrowserToken(run: CheckoutRun): boolean {
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
