// Handing a verified provider event to Temporal. The provider gets its 2xx only after
// Temporal accepted the signal, or, for a closed or unknown checkout, accepted the start
// of the small workflow that records the event (the gateway never opens the database).
// What no one authenticated (poll hints, browser returns) goes through the inbound
// budget (hint-budget.ts) first: over it, nothing is sent to Temporal.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { recordInboundEventWorkflow } from '../../../workflows';
import type { InboundEventRecord } from '../../../workflows/contract';
import {
  checkoutWorkflowId,
  inboundEventWorkflowId,
  pollNowSignal,
  providerEventSignal,
} from '../../../workflows/contract';
import type { ProviderEvent, ProviderId } from '../../../workflows/domain';
import type { ProviderRefundNotice } from '../../../workflows/payment/contract';
import { paymentWorkflowId, providerRefundSignal } from '../../../workflows/payment/contract';
import type { GatewayMetrics } from '../../metrics/metrics';
import { describeCheckout } from '../checkouts/state';
import { SHORT_RPC_TIMEOUT_MS, isWorkflowNotFound, withDeadline } from '../temporal-errors';
import type { InboundBudget } from './hint-budget';
import { referenceKey, takeWithin } from './hint-budget';
import { checkoutExecution, findByProviderReference, isRunningCheckoutOf } from './locate';

export interface InboundContext {
  client: Client;
  taskQueue: string;
  metrics: GatewayMetrics;
  budget: InboundBudget;
}

export interface References {
  checkoutReference?: string;
  providerReference?: string;
}

export type Routing =
  | { outcome: 'signalled'; checkoutId: string }
  | { outcome: 'closed'; checkoutId: string }
  | { outcome: 'unknown' };

export type EventDelivery =
  | { outcome: 'signalled'; checkoutId: string }
  | {
      /** overBudget: a browser return the budget refused to record; nothing reached Temporal. */
      outcome: 'recorded' | 'overBudget';
      reason: InboundEventRecord['reason'];
      checkoutId?: string;
    };

/** For a hint, "notRunning" covers closed, unknown and another provider's checkout alike. */
export type HintRouting =
  | { outcome: 'signalled' | 'overBudget'; checkoutId: string }
  | { outcome: 'overBudget' | 'notRunning' };

type BudgetedInput = 'pollHint' | 'lookup' | 'record';

function refused(ctx: InboundContext, provider: ProviderId, input: BudgetedInput): void {
  ctx.metrics.inboundOverBudget.inc({ provider, input });
}

type Operation = 'providerEvent' | 'providerRefund' | 'pollNow' | 'recordInboundEvent';

function timed<T>(
  ctx: InboundContext,
  provider: ProviderId,
  operation: Operation,
  call: () => Promise<T>,
): Promise<T> {
  const stop = ctx.metrics.signalLatency.startTimer({ provider, operation });
  return withDeadline(ctx.client.connection, SHORT_RPC_TIMEOUT_MS, call).finally(() => stop());
}

/** Sends to the checkout the references name; a closed workflow answers "not found" to a signal. */
async function routeSignal(
  ctx: InboundContext,
  provider: ProviderId,
  refs: References,
  operation: Operation,
  send: (handle: WorkflowHandle) => Promise<void>,
): Promise<Routing> {
  const trySend = async (checkoutId: string): Promise<boolean> => {
    try {
      await timed(ctx, provider, operation, () =>
        send(ctx.client.workflow.getHandle(checkoutWorkflowId(checkoutId))),
      );
      return true;
    } catch (err) {
      if (isWorkflowNotFound(err)) return false;
      throw err;
    }
  };

  let closed: string | undefined;
  if (refs.checkoutReference !== undefined) {
    if (await trySend(refs.checkoutReference))
      return { outcome: 'signalled', checkoutId: refs.checkoutReference };
    if (await describeCheckout(ctx.client, refs.checkoutReference)) closed = refs.checkoutReference;
  }
  if (closed === undefined && refs.providerReference !== undefined) {
    const found = await findByProviderReference(ctx.client, provider, refs.providerReference);
    if (found?.running && (await trySend(found.checkoutId)))
      return { outcome: 'signalled', checkoutId: found.checkoutId };
    closed = found?.checkoutId;
  }
  return closed === undefined ? { outcome: 'unknown' } : { outcome: 'closed', checkoutId: closed };
}

export async function deliverEvent(ctx: InboundContext, event: ProviderEvent): Promise<EventDelivery> {
  const toPayment = await deliverRefundToPayment(ctx, event);
  if (toPayment !== undefined) return toPayment;
  const { provider } = event;
  const routing = await routeSignal(ctx, provider, event, 'providerEvent', (handle) =>
    handle.signal(providerEventSignal, event),
  );
  if (routing.outcome === 'signalled') {
    ctx.metrics.inboundEvents.inc({ provider, outcome: 'signalled' });
    ctx.metrics.signals.inc({ provider, signal: 'providerEvent', kind: event.kind });
    return routing;
  }
  const checkoutId = routing.outcome === 'closed' ? routing.checkoutId : undefined;
  const record: InboundEventRecord = {
    event,
    reason: routing.outcome === 'closed' ? 'closedCheckout' : 'unknownCheckout',
    ...(checkoutId === undefined ? {} : { checkoutId }),
  };
  if (event.source === 'redirect' && !mayRecordBrowserReturn(ctx, event, checkoutId)) {
    refused(ctx, provider, 'record');
    return { outcome: 'overBudget', reason: record.reason, checkoutId };
  }
  // Same event, same workflow id: a redelivery joins the running record or, once it has
  // finished, runs again harmlessly (the store keeps one row per provider event id).
  await timed(ctx, provider, 'recordInboundEvent', () =>
    ctx.client.workflow.start(recordInboundEventWorkflow, {
      workflowId: inboundEventWorkflowId(event),
      taskQueue: ctx.taskQueue,
      args: [record],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      staticSummary: `${provider} event ${event.rawStatus} for ${record.reason}`,
    }),
  );
  ctx.metrics.inboundEvents.inc({ provider, outcome: 'recorded' });
  return { outcome: 'recorded', reason: record.reason, checkoutId };
}

/**
 * A payment for a checkout already cancelled (still listening for late money, or closed):
 * counted for ops' alerts. The checkout (or the record) keeps it for ops; this only counts,
 * so the route calls it once the provider has its answer: the answer waits for what makes
 * the event durable (the signal or the record's start), never for this extra read.
 */
export async function countPaidAfterCancel(
  ctx: InboundContext,
  event: ProviderEvent,
  delivery: EventDelivery,
): Promise<void> {
  const { checkoutId } = delivery;
  if (event.kind !== 'fulfil' || delivery.outcome === 'overBudget' || checkoutId === undefined) return;
  try {
    if ((await checkoutExecution(ctx.client, checkoutId))?.status === 'cancelled')
      ctx.metrics.paidAfterCancel.inc({ provider: event.provider });
  } catch {
    // Only a count: the event is delivered already, and its answer must not fail for this.
  }
}

/**
 * A provider's refund notice (WeGetFinancing's `refund` postback) for an order whose
 * money has its own workflow goes to that payment workflow, which counts it once per
 * eventId. Undefined when there is none to tell (an older checkout, a payment not
 * started yet or already ended): the event is then delivered as before, so nothing is
 * lost. Only an authenticated webhook moves the totals; a browser return never does.
 */
async function deliverRefundToPayment(
  ctx: InboundContext,
  event: ProviderEvent,
): Promise<EventDelivery | undefined> {
  if (event.kind !== 'refund' || event.source !== 'webhook') return undefined;
  const checkoutId = await refundedCheckout(ctx, event);
  if (checkoutId === undefined) return undefined;
  const notice: ProviderRefundNotice = {
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    ...(event.amount !== undefined ? { amount: event.amount } : {}),
  };
  try {
    await timed(ctx, event.provider, 'providerRefund', () =>
      ctx.client.workflow.getHandle(paymentWorkflowId(checkoutId)).signal(providerRefundSignal, notice),
    );
  } catch (err) {
    if (isWorkflowNotFound(err)) return undefined;
    throw err;
  }
  ctx.metrics.inboundEvents.inc({ provider: event.provider, outcome: 'paymentRefund' });
  return { outcome: 'signalled', checkoutId };
}

/**
 * The checkout of the notice's own provider that it names: our id when the provider
 * echoes it and that checkout was started for this provider (read from the execution,
 * never stale), else the one its provider reference belongs to.
 */
async function refundedCheckout(ctx: InboundContext, event: ProviderEvent): Promise<string | undefined> {
  const { provider, checkoutReference, providerReference } = event;
  if (
    checkoutReference !== undefined &&
    (await checkoutExecution(ctx.client, checkoutReference))?.provider === provider
  )
    return checkoutReference;
  if (providerReference === undefined) return undefined;
  return (await findByProviderReference(ctx.client, provider, providerReference))?.checkoutId;
}

/**
 * A browser return (Affirm confirmation, WiPay return) can be replayed or made up by
 * anyone, so the records it leaves are bounded: for a closed checkout by that checkout's
 * budget; for an unknown one by its reference's and by one budget per provider, which
 * bounds made-up references too (20 at once, then one per 2 s, per gateway).
 */
function mayRecordBrowserReturn(ctx: InboundContext, event: ProviderEvent, checkoutId?: string): boolean {
  const { perCheckout, perReference, unknownPerProvider } = ctx.budget;
  if (checkoutId !== undefined) return perCheckout.take(checkoutId);
  const reference = `${event.checkoutReference ?? ''} ${event.providerReference ?? ''}`;
  const key = referenceKey(event.provider, reference);
  return takeWithin(unknownPerProvider, event.provider, perReference, key);
}

/**
 * An unverifiable notice: ask the checkout to poll its provider now. Nothing is applied,
 * and only a running checkout of the receiver's own provider is asked, within its budget.
 */
export async function deliverPollHint(
  ctx: InboundContext,
  provider: ProviderId,
  refs: References,
): Promise<HintRouting> {
  const routing = await routeHint(ctx, provider, refs);
  if (routing.outcome === 'signalled') ctx.metrics.inboundEvents.inc({ provider, outcome: 'pollHint' });
  return routing;
}

async function routeHint(ctx: InboundContext, provider: ProviderId, refs: References): Promise<HintRouting> {
  const { checkoutReference, providerReference } = refs;
  if (checkoutReference !== undefined) {
    const routing = await hintCheckout(ctx, provider, checkoutReference);
    if (routing.outcome !== 'notRunning') return routing;
  }
  if (providerReference === undefined) return { outcome: 'notRunning' };
  // One visibility query per look-up, bounded per reference and per provider.
  const { perReference, lookupsPerProvider } = ctx.budget;
  const key = referenceKey(provider, providerReference);
  if (!takeWithin(lookupsPerProvider, provider, perReference, key)) {
    refused(ctx, provider, 'lookup');
    return { outcome: 'overBudget' };
  }
  const found = await findByProviderReference(ctx.client, provider, providerReference, []);
  if (!found?.running || found.checkoutId === checkoutReference) return { outcome: 'notRunning' };
  return hintCheckout(ctx, provider, found.checkoutId);
}

async function hintCheckout(
  ctx: InboundContext,
  provider: ProviderId,
  checkoutId: string,
): Promise<HintRouting> {
  const { perCheckout } = ctx.budget;
  const overBudget = (): HintRouting => {
    refused(ctx, provider, 'pollHint');
    return { outcome: 'overBudget', checkoutId };
  };
  // An empty budget is refused before any call. A token is taken only for a real target,
  // so made-up ids never push a real checkout's bucket out of memory.
  if (!perCheckout.mayTake(checkoutId)) return overBudget();
  if (!(await isRunningCheckoutOf(ctx.client, provider, checkoutId))) return { outcome: 'notRunning' };
  // Hints arriving together all passed the first check; only the bucket's tokens go on.
  if (!perCheckout.take(checkoutId)) return overBudget();
  try {
    await timed(ctx, provider, 'pollNow', () =>
      ctx.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).signal(pollNowSignal),
    );
    ctx.metrics.signals.inc({ provider, signal: 'pollNow' });
    return { outcome: 'signalled', checkoutId };
  } catch (err) {
    if (isWorkflowNotFound(err)) return { outcome: 'notRunning' };
    throw err;
  }
}
