// The merchant backend's API: start (or get back) a checkout, read it, cancel it.
// Handlers decode, call Temporal, and map the result; the decisions live in checkouts/.
import express from 'express';
import type { CheckoutState } from '../../../workflows/contract';
import {
  attemptFromCheckoutId,
  checkoutWorkflowId,
  isDecided,
  merchantCancelSignal,
} from '../../../workflows/contract';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import { requireApiKey } from '../auth';
import { createOrResumeCheckout } from '../checkouts/create';
import { ORDER_ID_PATTERN, createCheckoutSchema } from '../checkouts/schema';
import { checkoutDetail, queryCheckout } from '../checkouts/state';
import { storedCheckoutDetail } from '../checkouts/stored';
import { readForAnswer } from '../order-store-access';
import { paymentPart } from '../payments/state';
import type { ResolvedDeps } from '../deps';
import { HttpError, asyncRoute } from '../errors';
import { mediaType } from '../media-type';
import { bindLogger } from '../request-context';
import { SHORT_RPC_TIMEOUT_MS, isWorkflowNotFound, withDeadline } from '../temporal-errors';

/** The backend sends small JSON; anything bigger is a mistake, not an order. */
const JSON_LIMIT = '64kb';

export function requireJson(): express.RequestHandler {
  return (req, _res, next) => {
    if (mediaType(req) === 'application/json') return next();
    next(new HttpError(415, 'unsupported_media_type', 'expected application/json'));
  };
}

/** Ids we could never have issued are unknown without asking Temporal. */
export function checkoutIdParam(req: express.Request): string {
  const checkoutId = req.params.checkoutId ?? '';
  const parts = attemptFromCheckoutId(checkoutId);
  if (!parts || !ORDER_ID_PATTERN.test(parts.merchantOrderId)) throw unknownCheckout();
  bindLogger(req, { checkoutId });
  return checkoutId;
}

function alreadyDecided(state: CheckoutState): HttpError {
  const reason = state.cancelReason ? ` (${state.cancelReason})` : '';
  return new HttpError(409, 'already_decided', `checkout is already ${state.status}${reason}`);
}

function unknownCheckout(): HttpError {
  return new HttpError(404, 'checkout_not_found', 'no such checkout');
}

export function checkoutsRouter(deps: ResolvedDeps): express.Router {
  const router = express.Router();
  const auth = requireApiKey(deps.config.apiKeys);
  const { client, metrics } = deps;

  router.post(
    '/checkouts',
    auth,
    requireJson(),
    express.json({ limit: JSON_LIMIT }),
    asyncRoute(async (req, res) => {
      const parsed = createCheckoutSchema.safeParse(req.body, { errorMap: valueFreeErrorMap });
      if (!parsed.success) {
        throw new HttpError(400, 'invalid_request', 'the request body is invalid', safeIssues(parsed.error));
      }
      const request = parsed.data;
      const log = bindLogger(req, { provider: request.provider, orderId: request.orderId });
      if (!deps.providers.isEnabled(request.provider)) {
        throw new HttpError(
          422,
          'provider_not_configured',
          `${request.provider} has no credentials on this gateway`,
        );
      }
      const { status, body } = await createOrResumeCheckout(deps, request);
      bindLogger(req, { checkoutId: body.checkoutId });
      log.info(
        { checkoutId: body.checkoutId, status: body.status, created: status === 201 },
        'checkout answered',
      );
      res.status(status).location(`/checkouts/${body.checkoutId}`).json(body);
    }),
  );

  router.get(
    '/checkouts/:checkoutId',
    auth,
    asyncRoute(async (req, res) => {
      const checkoutId = checkoutIdParam(req);
      const state = await queryCheckout(client, checkoutId);
      if (!state) {
        // Retention deleted the workflow: the order store still has the checkout.
        const row = await deps.store?.getCheckout(checkoutId);
        if (!row) throw unknownCheckout();
        const order =
          row.status === 'completed' ? await deps.store?.getOrderByCheckout(checkoutId) : undefined;
        res.status(200).json({ ...storedCheckoutDetail(row, order), payment: null });
        return;
      }
      bindLogger(req, { provider: state.provider });
      // A completed checkout's money lives on in its payment workflow (routes/payments.ts).
      const payment =
        state.status === 'completed' ? await paymentPart(client, state.checkoutId) : { payment: null };
      res.status(200).json({ ...checkoutDetail(state), ...payment });
    }),
  );

  router.post(
    '/checkouts/:checkoutId/cancel',
    auth,
    asyncRoute(async (req, res) => {
      const checkoutId = checkoutIdParam(req);
      const state = await queryCheckout(client, checkoutId);
      if (!state) {
        // Only the store remembers it; a closed row has decided, an open one has no workflow left to stop.
        const { store } = deps;
        const row = store && (await readForAnswer(() => store.getCheckout(checkoutId)));
        if (row && row.status !== 'open') {
          const reason = row.cancelReason ? ` (${row.cancelReason})` : '';
          throw new HttpError(409, 'already_decided', `checkout is already ${row.status}${reason}`);
        }
        throw unknownCheckout();
      }
      const log = bindLogger(req, { provider: state.provider });
      if (isDecided(state.status)) throw alreadyDecided(state);
      const stop = metrics.signalLatency.startTimer({
        provider: state.provider,
        operation: 'merchantCancel',
      });
      try {
        await withDeadline(client.connection, SHORT_RPC_TIMEOUT_MS, () =>
          client.workflow
            .getHandle(checkoutWorkflowId(checkoutId))
            .signal(merchantCancelSignal, { requestedAt: deps.now().toISOString() }),
        );
      } catch (err) {
        // It closed between the query and the signal: it decided, so report that decision.
        if (!isWorkflowNotFound(err)) throw err;
        throw alreadyDecided((await queryCheckout(client, checkoutId)) ?? state);
      } finally {
        stop();
      }
      metrics.checkoutsCancelled.inc({ provider: state.provider, origin: 'merchant' });
      log.info('merchant cancel handed to the checkout');
      res.status(202).json({ checkoutId, status: state.status, cancelRequested: true });
    }),
  );

  return router;
}
