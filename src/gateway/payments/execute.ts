// Sending a merchant request to the payment workflow as an Update and mapping its
// answer: the workflow's refusal types become 409/422/502; a checkout without a running
// payment gets 404 (unknown), or 409 (not completed, or nothing more can happen).
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { PAYMENT_REFUSALS, paymentWorkflowId } from '../../../workflows/payment/contract';
import { describeCheckout, queryCheckout } from '../checkouts/state';
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
  const send = () =>
    withDeadline(client.connection, PAYMENT_UPDATE_TIMEOUT_MS, () =>
      // By name: one call shape for the Updates with a body and the void without one.
      handle.executeUpdate<Ret, [unknown]>(update.name, { updateId, args: args as [unknown] }),
    );
  try {
    try {
      return await send();
    } catch (err) {
      // Just completed: the checkout starts its payment a moment after it says so.
      if (isWorkflowNotFound(err) && (await paymentStarting(client, checkoutId))) return await send();
      throw err;
    }
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw refusalOf(err);
    if (isWorkflowNotFound(err)) throw await noRunningPayment(client, checkoutId);
    throw err;
  }
}

/** How long a just-completed checkout gets to start its payment workflow. */
const PAYMENT_START_WAIT_MS = 5_000;

/** True once the payment exists, when its checkout completed and is still finishing; false otherwise. */
async function paymentStarting(client: Client, checkoutId: string): Promise<boolean> {
  const deadline = Date.now() + PAYMENT_START_WAIT_MS;
  for (;;) {
    const described = await describeCheckout(client, checkoutId);
    if (described?.status !== 'RUNNING') return (await queryPayment(client, checkoutId)) !== undefined;
    const checkout = await queryCheckout(client, checkoutId);
    if (checkout?.status !== 'completed') return false;
    if ((await queryPayment(client, checkoutId)) !== undefined) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
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
  if (checkout.status === 'completed')
    return new HttpError(
      409,
      'no_payment_lifecycle',
      'this checkout completed before payments were tracked here',
    );
  return new HttpError(409, 'not_completed', `the checkout is ${checkout.status}, not completed`);
}
