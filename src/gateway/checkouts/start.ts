// Starting one checkout attempt with Update-With-Start: one call starts the workflow (or
// joins it, USE_EXISTING) and waits for the session update, so POST /checkouts can
// answer with the redirect URL. Identical concurrent requests compute the same workflow
// id, so Temporal itself guarantees there is one workflow and one provider session.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  ApplicationFailure,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { checkoutWorkflow } from '../../../workflows';
import type {
  CheckoutInput,
  CheckoutSession,
  CheckoutState,
  SessionAnswer,
} from '../../../workflows/contract';
import {
  SESSION_FAILED_ERROR,
  STARTED_BY_MEMO,
  checkoutWorkflowId,
  sessionUpdate,
} from '../../../workflows/contract';
import {
  CheckoutProviderKey,
  CheckoutStatusKey,
  MerchantOrderIdKey,
} from '../../../workflows/search-attributes';
import { callbackUrlsFor } from '../callbacks';
import { withDeadline } from '../temporal-errors';
import { describeCheckout } from './state';
import type { CreateCheckoutRequest } from './schema';

/**
 * How long the backend waits for the provider session. Past it the answer is 503 and a
 * retry joins the same attempt (its session may well exist by then).
 */
export const SESSION_WAIT_MS = 30_000;

export type StartOutcome =
  | {
      kind: 'session';
      session: CheckoutSession;
      startedHere: boolean;
      /** The state the update answered with; absent from a worker of older code. */
      state?: CheckoutState;
    }
  | { kind: 'sessionFailed'; reason: string }
  /** The id belongs to an attempt that closed meanwhile (REJECT_DUPLICATE): look again. */
  | { kind: 'idTaken' };

export function checkoutInputFor(
  request: CreateCheckoutRequest,
  checkoutId: string,
  deps: { config: { publicBaseUrl: string }; callbackSecret: string },
): CheckoutInput {
  // metadata and expiresAt are ours and the merchant's: the provider never sees them.
  const { orderId, provider, returnUrl, metadata, expiresAt, ...rest } = request;
  const callbacks = callbackUrlsFor(provider, {
    publicBaseUrl: deps.config.publicBaseUrl,
    callbackSecret: deps.callbackSecret,
    checkoutId,
    amount: request.amount,
    returnUrl,
  });
  return {
    provider,
    ...(metadata === undefined ? {} : { metadata }),
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
    session: {
      ...rest,
      checkoutId,
      merchantOrderId: orderId,
      returnUrl,
      callbacks,
    },
  };
}

export async function startAttempt(
  client: Client,
  taskQueue: string,
  input: CheckoutInput,
): Promise<StartOutcome> {
  const { provider, session } = input;
  const checkoutId = session.checkoutId;
  const requestToken = randomUUID();
  const operation = new WithStartWorkflowOperation(checkoutWorkflow, {
    workflowId: checkoutWorkflowId(checkoutId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // One run per checkout id, ever: a closed attempt is never silently restarted.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    memo: { [STARTED_BY_MEMO]: requestToken },
    typedSearchAttributes: [
      { key: CheckoutProviderKey, value: provider },
      { key: CheckoutStatusKey, value: 'creatingSession' },
      { key: MerchantOrderIdKey, value: session.merchantOrderId },
    ],
    staticSummary: `${provider} · order ${session.merchantOrderId} · ${session.amount} ${session.currency}`,
  });
  try {
    const answer = await withDeadline(client.connection, SESSION_WAIT_MS, () =>
      client.workflow.executeUpdateWithStart(sessionUpdate, { startWorkflowOperation: operation }),
    );
    return await sessionOutcome(client, checkoutId, requestToken, answer);
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { kind: 'idTaken' };
    const reason = sessionFailure(err);
    if (reason !== undefined) return { kind: 'sessionFailed', reason };
    throw err;
  }
}

/**
 * The update's answer names the request that started the run and carries the state. A
 * worker of older code answers the bare session: the memo is then read by describing.
 */
async function sessionOutcome(
  client: Client,
  checkoutId: string,
  requestToken: string,
  answer: SessionAnswer,
): Promise<StartOutcome> {
  const { checkout, startedByRequest, ...session } = answer;
  if (checkout !== undefined) {
    return { kind: 'session', session, state: checkout, startedHere: startedByRequest === requestToken };
  }
  const described = await describeCheckout(client, checkoutId);
  return { kind: 'session', session, startedHere: described?.memo[STARTED_BY_MEMO] === requestToken };
}

/** The provider's reason when the workflow's session update failed with SessionFailed. */
function sessionFailure(err: unknown): string | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  return cause instanceof ApplicationFailure && cause.type === SESSION_FAILED_ERROR
    ? cause.message
    : undefined;
}
