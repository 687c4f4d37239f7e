// Reading a checkout's payment lifecycle: the workflow's query while it runs, its result
// once it ended (nothing more can happen then). Amounts are decimal strings.
import type { Client } from '@temporalio/client';
import type { PaymentState } from '../../../workflows/payment/contract';
import { paymentStateQuery, paymentWorkflowId } from '../../../workflows/payment/contract';
import type { paymentWorkflow } from '../../../workflows/payment/payment';
import {
  SHORT_RPC_TIMEOUT_MS,
  isTemporalUnavailable,
  isWorkflowNotFound,
  withDeadline,
} from '../temporal-errors';
import type { PaymentDetail } from './responses';

/** The payment's state, or undefined when the checkout has no payment workflow. */
export async function queryPayment(client: Client, checkoutId: string): Promise<PaymentState | undefined> {
  const handle = client.workflow.getHandle<typeof paymentWorkflow>(paymentWorkflowId(checkoutId));
  try {
    return await withDeadline(client.connection, SHORT_RPC_TIMEOUT_MS, async () => {
      const described = await handle.describe();
      return described.status.name === 'COMPLETED' ? handle.result() : handle.query(paymentStateQuery);
    });
  } catch (err) {
    if (isWorkflowNotFound(err)) return undefined;
    throw err;
  }
}

/** The `payment` of GET /checkouts/:id. */
export function paymentDetail(state: PaymentState): PaymentDetail {
  return {
    status: state.status,
    currency: state.currency,
    authorized: state.authorized,
    captured: state.captured,
    refunded: state.refunded,
    voided: state.voided,
    authorizationExpiresAt: state.authorizationExpiresAt ?? null,
    captures: state.captures,
    refunds: state.refunds,
    shipments: state.shipments,
    needsAttention: state.attention.length > 0,
    attention: state.attention,
  };
}

/**
 * The `payment` part of GET /checkouts/:id. A running payment answers through a worker;
 * with none there the checkout is still shown, its payment marked unavailable.
 */
export async function paymentPart(
  client: Client,
  checkoutId: string,
): Promise<{ payment: PaymentDetail | null; paymentUnavailable?: true }> {
  try {
    const payment = await queryPayment(client, checkoutId);
    return { payment: payment ? paymentDetail(payment) : null };
  } catch (err) {
    if (!isTemporalUnavailable(err)) throw err;
    return { payment: null, paymentUnavailable: true };
  }
}
