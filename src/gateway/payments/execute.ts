// Sending a merchant request to the payment workflow as an Update and mapping its
// answer: the workflow's refusal types become 409/422/502; a checkout without a running
// payment gets 404 (unknown), or 409 (not completed, or nothing more can happen).
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { PAYMENT_REFUSALS, paymentWorkflowId } from '../../../workflows/payment/contract';
import { queryCheckout } from '../checkouts/state';
import { HttpError } from '../errors';
import { isWorkflowNotFound, withDeadline } from '../temporal-errors';
import { queryPayment } from './state';

/**
 * A capture or refund waits for the provider, whose calls retry for about 30 s; past
 * this the answer is 503 and the merchant repeats the request with the same key.
 */
export const PAYMENT_UPDATE_TIMEOUT_MS = 60_000;

const REFUSAL_STATUS: Record<string, { status: number; code: string }> = {
  [PAYMENT_REFUSALS.conflict]: { status: 409, code: 'payment_conflict' },
  [PAYMENT_REFUSALS.invalidAmount]: { status: 422, code: 'invalid_amount' },
  [PAYMENT_REFUSALS.notSupported]: { status: 422, code: 'not_supported_by_provider' },
  [PAYMENT_REFUSALS.providerFailed]: { status: 502, code: 'provider_failed' },
};

export async function runPaymentUpdate<Ret>(
  client: Client,
  checkoutId: string,
  update: UpdateDefinition<Ret, [unknown]> | UpdateDefinition<Ret, []>,
  updateId: string,
  args: [unknown] | [],
): Promise<Ret> {
  const handle = client.workflow.getHandle(paymentWorkflowId(checkoutId));
  try {
    return await withDeadline(client.connection, PAYMENT_UPDATE_TIMEOUT_MS, () =>
      // By name: one call shape for the Updates with a body and the void without one.
      handle.executeUpdate<Ret, [unknown]>(update.name, { updateId, args: args as [unknown] }),
    );
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw refusalOf(err);
    if (isWorkflowNotFound(err)) throw await noRunningPayment(client, checkoutId);
    throw err;
  }
}

function refusalOf(err: WorkflowUpdateFailedError): HttpError {
  const cause = err.cause;
  const mapped = cause instanceof ApplicationFailure && cause.type ? REFUSAL_STATUS[cause.type] : undefined;
  if (!mapped || !(cause instanceof ApplicationFailure))
    return new HttpError(500, 'internal_error', 'internal error');
  return new HttpError(mapped.status, mapped.code, cause.message);
}

async function noRunningPayment(client: Client, checkoutId: string): Promise<HttpError> {
  const payment = await queryPayment(client, checkoutId);
  if (payment)
    return new HttpError(
      409,
      'payment_conflict',
      `the payment is ${payment.status}: nothing more can be done`,
    );
  const checkout = await queryCheckout(client, checkoutId);
  if (!checkout) return new HttpError(404, 'checkout_not_found', 'no such checkout');
  return new HttpError(409, 'not_completed', `the checkout is ${checkout.status}, not completed`);
}
