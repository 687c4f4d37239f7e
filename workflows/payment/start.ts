// Starting a completed checkout's payment lifecycle: its own workflow, started by an
// activity (retried until it is started, once), so the money keeps a durable history of
// its own while the checkout's, and its committed replay histories, stay as they were.
// Not a child workflow: nothing about it reports to the closed checkout (the time-skipping
// test server stops skipping time once an abandoned child ends after its parent).
import type { CheckoutState } from '../contract';
import { store } from '../proxies';
import type { PaymentInput } from './contract';

/** Runs recorded before the payment lifecycle existed end without one, so they replay. */
export const PAYMENT_LIFECYCLE_PATCH = 'payment-lifecycle';

export function paymentInputOf(state: CheckoutState): PaymentInput {
  return {
    checkoutId: state.checkoutId,
    merchantOrderId: state.merchantOrderId,
    provider: state.provider,
    currency: state.currency,
    amount: state.amount,
    providerReference: state.session?.providerReference,
    transactionId: state.providerTransactionId,
    completedAt: state.decidedAt ?? new Date(Date.now()).toISOString(),
  };
}

/**
 * With the store's patience: an unreachable Temporal delays the start, never skips it.
 * `calls`: the checkout's store proxies (local ones in a lean run: a repeat start is refused
 * by the workflow id and answers `started: false`).
 */
export async function startPaymentLifecycle(
  state: CheckoutState,
  calls: typeof store = store,
): Promise<void> {
  await calls.startPaymentLifecycle(paymentInputOf(state));
}
