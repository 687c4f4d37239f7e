// Starting a completed checkout's payment lifecycle: a child workflow the checkout
// abandons when it ends, so the money keeps its own durable history while the checkout's
// (and its committed replay histories) stay as they were.
import { ParentClosePolicy, log, startChild } from '@temporalio/workflow';
import type { CheckoutState } from '../contract';
import { store } from '../proxies';
import { CheckoutProviderKey, MerchantOrderIdKey } from '../search-attributes';
import type { PaymentInput } from './contract';
import { paymentWorkflowId } from './contract';
import type { paymentWorkflow } from './payment';

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
 * The provider's calls are learned here, while the checkout's worker is certainly there,
 * so a payment that waits for the merchant starts with nothing outstanding but its timers.
 */
export async function startPaymentLifecycle(state: CheckoutState): Promise<void> {
  const setup = await store.paymentSetup({ provider: state.provider });
  try {
    await startChild<typeof paymentWorkflow>('paymentWorkflow', {
      workflowId: paymentWorkflowId(state.checkoutId),
      args: [{ ...paymentInputOf(state), setup }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: CheckoutProviderKey, value: state.provider },
        { key: MerchantOrderIdKey, value: state.merchantOrderId },
      ],
      staticSummary: `${state.provider} payment ${state.merchantOrderId}`,
    });
  } catch (error) {
    // Already started (a checkout completes once, so only by hand): the order stays completed.
    log.error('payment lifecycle not started', { error: String(error) });
  }
}
