// The merchant's view of its outbound events: GET /events lists them newest first with
// every delivery attempt (cursor-paginated, filtered by checkout and type), and POST
// /events/:id/redeliver sends one again with the same id. Read from the order store;
// the redelivery goes through Temporal, like every other write of the gateway.
import express from 'express';
import type { merchantEventDeliveryWorkflow } from '../../../workflows';
import type { DeliveryInput } from '../../../workflows/merchant-events/contract';
import { deliverNowSignal, merchantEventWorkflowId } from '../../../workflows/merchant-events/contract';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import type { OrderStore } from '../../store';
import { requireApiKey } from '../auth';
import type { EventList, RedeliveryAccepted } from '../events/schema';
import { cursorOf, eventIdSchema, eventListQuerySchema, eventView } from '../events/schema';
import type { ResolvedDeps } from '../deps';
import { HttpError, asyncRoute } from '../errors';
import { bindLogger } from '../request-context';
import { SHORT_RPC_TIMEOUT_MS, withDeadline } from '../temporal-errors';

function requireStore(deps: ResolvedDeps): OrderStore {
  if (!deps.store) throw new HttpError(503, 'events_unavailable', 'this gateway has no order store to read');
  return deps.store;
}

export function eventsRouter(deps: ResolvedDeps): express.Router {
  const router = express.Router();
  const auth = requireApiKey(deps.config.apiKeys);

  router.get(
    '/events',
    auth,
    asyncRoute(async (req, res) => {
      const parsed = eventListQuerySchema.safeParse(req.query, { errorMap: valueFreeErrorMap });
      if (!parsed.success)
        throw new HttpError(400, 'invalid_request', 'the query is invalid', safeIssues(parsed.error));
      const { cursor, ...filters } = parsed.data;
      const page = await requireStore(deps).listMerchantEvents({ ...filters, before: cursor });
      const body: EventList = {
        events: page.events.map(eventView),
        nextCursor: page.nextBefore === undefined ? null : cursorOf(page.nextBefore),
      };
      res.status(200).json(body);
    }),
  );

  router.post(
    '/events/:eventId/redeliver',
    auth,
    asyncRoute(async (req, res) => {
      const eventId = eventIdSchema.safeParse(req.params.eventId);
      const event = eventId.success ? await requireStore(deps).getMerchantEvent(eventId.data) : undefined;
      if (!event) throw new HttpError(404, 'event_not_found', 'no such event');
      bindLogger(req, { checkoutId: event.checkoutId });
      const input: DeliveryInput = {
        eventId: event.id,
        checkoutId: event.checkoutId,
        type: event.type,
        raisesAttention: false,
      };
      // Running: wake it for an attempt now. Ended: a new run of the same id, same event id.
      await withDeadline(deps.client.connection, SHORT_RPC_TIMEOUT_MS, () =>
        deps.client.workflow.signalWithStart<typeof merchantEventDeliveryWorkflow, []>(
          'merchantEventDeliveryWorkflow',
          {
            workflowId: merchantEventWorkflowId(event.id),
            taskQueue: deps.taskQueue,
            args: [input],
            signal: deliverNowSignal,
            signalArgs: [],
            workflowIdReusePolicy: 'ALLOW_DUPLICATE',
            staticSummary: `merchant event ${event.type} #${event.seq} (redelivery)`,
          },
        ),
      );
      const body: RedeliveryAccepted = { id: event.id, redelivering: true };
      res.status(202).json(body);
    }),
  );

  return router;
}
