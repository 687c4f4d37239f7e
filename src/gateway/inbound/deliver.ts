// Handing a verified provider event to Temporal. The provider gets its 2xx only after
// Temporal accepted the signal, or, for a closed or unknown checkout, accepted the start
// of the small workflow that records the event (the gateway never opens the database).
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
import type { GatewayMetrics } from '../../metrics/metrics';
import { describeCheckout } from '../checkouts/state';
import { SHORT_RPC_TIMEOUT_MS, isWorkflowNotFound, withDeadline } from '../temporal-errors';
import { findByProviderReference } from './locate';

export interface InboundContext {
  client: Client;
  taskQueue: string;
  metrics: GatewayMetrics;
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
  | { outcome: 'recorded'; reason: InboundEventRecord['reason']; checkoutId?: string };

type Operation = 'providerEvent' | 'pollNow' | 'recordInboundEvent';

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
  const { provider } = event;
  const routing = await routeSignal(ctx, provider, event, 'providerEvent', (handle) =>
    handle.signal(providerEventSignal, event),
  );
  if (routing.outcome === 'signalled') {
    ctx.metrics.inboundEvents.inc({ provider, outcome: 'signalled' });
    if (event.kind === 'fulfil' || event.kind === 'authorize')
      ctx.metrics.checkoutsCompleted.inc({ provider });
    if (event.kind === 'cancel') ctx.metrics.checkoutsCancelled.inc({ provider, origin: 'provider' });
    return routing;
  }
  const record: InboundEventRecord = {
    event,
    reason: routing.outcome === 'closed' ? 'closedCheckout' : 'unknownCheckout',
  };
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
  return {
    outcome: 'recorded',
    reason: record.reason,
    checkoutId: routing.outcome === 'closed' ? routing.checkoutId : undefined,
  };
}

/** An unverifiable notice: ask the checkout to poll its provider now. Nothing is applied. */
export async function deliverPollHint(
  ctx: InboundContext,
  provider: ProviderId,
  refs: References,
): Promise<Routing> {
  const routing = await routeSignal(ctx, provider, refs, 'pollNow', (handle) => handle.signal(pollNowSignal));
  ctx.metrics.inboundEvents.inc({ provider, outcome: 'pollHint' });
  return routing;
}
