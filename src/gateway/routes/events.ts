// The merchant's view of its outbound events: GET /events lists them newest first with
// every delivery attempt (cursor-paginated, filtered by checkout and type), and POST
// /events/:id/redeliver sends one again with the same id. Read from the order store;
// the redelivery goes through Temporal, like every other write of the gateway.
import express from 'express';
import { z } from 'zod';
import type { merchantEventDeliveryWorkflow } from '../../../workflows';
import type { DeliveryInput } from '../../../workflows/merchant-events/contract';
import {
  MERCHANT_EVENT_TYPES,
  deliverNowSignal,
  merchantEventWorkflowId,
} from '../../../workflows/merchant-events/contract';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import { envelopeOf } from '../../merchant-events/envelope';
import type { MerchantEventRecord, OrderStore } from '../../store';
import { requireApiKey } from '../auth';
import type { ResolvedDeps } from '../deps';
import { HttpError, asyncRoute } from '../errors';
import { bindLogger } from '../request-context';
import { SHORT_RPC_TIMEOUT_MS, withDeadline } from '../temporal-errors';

const PAGE_SIZE = 25;
const CURSOR = /^p([1-9]\d{0,15})$/;

const listQuerySchema = z
  .object({
    checkoutId: z.string().min(1).max(300).optional(),
    type: z.enum(MERCHANT_EVENT_TYPES).optional(),
    cursor: z
      .string()
      .max(64)
      .transform((text, ctx) => {
        const decoded = CURSOR.exec(Buffer.from(text, 'base64url').toString('latin1'));
        if (!decoded) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a cursor this API returned' });
          return z.NEVER;
        }
        return Number(decoded[1]);
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
  })
  .strict();

const eventIdSchema = z.string().regex(/^evt_[0-9a-f]{32}$/);

function cursorOf(position: number): string {
  return Buffer.from(`p${position}`, 'latin1').toString('base64url');
}

/** One event as the merchant sees it: what was (or is to be) sent, and every attempt. */
function eventView(event: MerchantEventRecord) {
  return {
    id: event.id,
    type: event.type,
    checkoutId: event.checkoutId,
    sequence: event.seq,
    createdAt: event.createdAt,
    status: event.status,
    deliveredAt: event.deliveredAt,
    attemptCount: event.attemptCount,
    attempts: event.attempts,
    payload: envelopeOf(event),
  };
}

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
      const parsed = listQuerySchema.safeParse(req.query, { errorMap: valueFreeErrorMap });
      if (!parsed.success)
        throw new HttpError(400, 'invalid_request', 'the query is invalid', safeIssues(parsed.error));
      const { cursor, ...filters } = parsed.data;
      const page = await requireStore(deps).listMerchantEvents({ ...filters, before: cursor });
      res.status(200).json({
        events: page.events.map(eventView),
        nextCursor: page.nextBefore === undefined ? null : cursorOf(page.nextBefore),
      });
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
      res.status(202).json({ id: event.id, redelivering: true });
    }),
  );

  return router;
}
