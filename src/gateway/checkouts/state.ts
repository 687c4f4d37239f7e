// Reading a checkout from Temporal and shaping it for the backend: the workflow's
// result once it completed, its query while it runs.
import type { Client, WorkflowExecutionStatusName } from '@temporalio/client';
import type { CheckoutState } from '../../../workflows/contract';
import { checkoutStateQuery, checkoutWorkflowId } from '../../../workflows/contract';
import type { checkoutWorkflow } from '../../../workflows';
import { CheckoutStatusKey } from '../../../workflows/search-attributes';
import { needsAttention } from '../../../workflows/checkout-state';
import { SHORT_RPC_TIMEOUT_MS, isWorkflowNotFound, withDeadline } from '../temporal-errors';
import type { CheckoutDetailBody, CheckoutSummary } from './responses';

/**
 * The checkout's state, or undefined when no such workflow exists. A completed workflow's
 * result is its final state, read from history with no worker involved; only a running
 * (or failed) one is queried, which needs a worker to answer.
 */
export async function queryCheckout(client: Client, checkoutId: string): Promise<CheckoutState | undefined> {
  const described = await describeCheckout(client, checkoutId);
  if (!described) return undefined;
  if (described.status === 'COMPLETED') return completedCheckoutResult(client, checkoutId);
  return queryRunningCheckout(client, checkoutId);
}

/**
 * The query alone, for a checkout just described as running (no second describe). One
 * that closed meanwhile still answers: the worker replays it for the query.
 */
export async function queryRunningCheckout(
  client: Client,
  checkoutId: string,
): Promise<CheckoutState | undefined> {
  try {
    return await withDeadline(client.connection, SHORT_RPC_TIMEOUT_MS, () =>
      client.workflow.getHandle(checkoutWorkflowId(checkoutId)).query(checkoutStateQuery),
    );
  } catch (err) {
    if (isWorkflowNotFound(err)) return undefined;
    throw err;
  }
}

/** The execution status (RUNNING, COMPLETED, …), or undefined when no such workflow exists. */
export async function describeCheckout(
  client: Client,
  checkoutId: string,
): Promise<
  | {
      status: WorkflowExecutionStatusName;
      memo: Record<string, unknown>;
      /** The checkout's own status (search attribute): `cancelled` while it still listens for late money. */
      checkoutStatus?: string;
    }
  | undefined
> {
  try {
    const description = await withDeadline(client.connection, SHORT_RPC_TIMEOUT_MS, () =>
      client.workflow.getHandle(checkoutWorkflowId(checkoutId)).describe(),
    );
    return {
      status: description.status.name,
      memo: description.memo ?? {},
      checkoutStatus: description.typedSearchAttributes.get(CheckoutStatusKey),
    };
  } catch (err) {
    if (isWorkflowNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * A completed workflow's result is its final state, read from history without a
 * worker; cheaper and sturdier than a query for the common "already paid" repeat.
 */
export async function completedCheckoutResult(client: Client, checkoutId: string): Promise<CheckoutState> {
  const handle = client.workflow.getHandle<typeof checkoutWorkflow>(checkoutWorkflowId(checkoutId));
  return withDeadline(client.connection, SHORT_RPC_TIMEOUT_MS, () => handle.result());
}

/** The answer of POST /checkouts (201 and 200 alike). */
export function checkoutSummary(state: CheckoutState): CheckoutSummary {
  return {
    checkoutId: state.checkoutId,
    orderId: state.merchantOrderId,
    provider: state.provider,
    // The workflow shows its session only once the reference is stored, together with
    // `awaitingCustomer` (workflows/open-session.ts), so the status is the workflow's own.
    status: state.status,
    redirectUrl: state.session?.redirectUrl ?? null,
    providerReference: state.session?.providerReference ?? null,
    expiresAt: earliest(state.session?.expiresAt, state.merchantExpiresAt),
    metadata: state.metadata ?? {},
  };
}

/** The sooner of two optional instants: the checkout ends at whichever comes first. */
function earliest(a: string | undefined, b: string | undefined): string | null {
  if (a === undefined || b === undefined) return a ?? b ?? null;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/** The answer of GET /checkouts/:checkoutId: the summary plus how it got there. */
export function checkoutDetail(state: CheckoutState): CheckoutDetailBody {
  return {
    ...checkoutSummary(state),
    amount: state.amount,
    currency: state.currency,
    reason: state.cancelReason ?? null,
    detail: state.detail ?? null,
    /** Held for ops (status `held`) or paid after cancel: why, and how ops resolved earlier holds. */
    needsAttention: needsAttention(state),
    attention: state.attention ?? [],
    order: state.orderId
      ? { orderId: state.orderId, providerTransactionId: state.providerTransactionId ?? null }
      : null,
    events: state.events,
    refunds: state.refunds,
    polls: state.polls,
    openedAt: state.openedAt,
    decidedAt: state.decidedAt ?? null,
  };
}
