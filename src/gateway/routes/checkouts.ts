// The merchant backend's API: start (or get back) a checkout, list them, read one, cancel it.
// Handlers decode, call Temporal, and map the result; the decisions live in checkouts/.
import express from 'express';
import type { CheckoutState } from '../../../workflows/contract';
import {
  attemptFromCheckoutId,
  checkoutWorkflowId,
  isDecided,
  merchantCancelOutcomeUpdate,
  merchantCancelSignal,
} from '../../../workflows/contract';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import { requireApiKey } from '../auth';
import { coalesceIdenticalCreates } from '../checkouts/coalesce';
import { createOrResumeCheckout } from '../checkouts/create';
import { assertExpiryAllowed } from '../checkouts/expiry';
import type { Answer } from '../checkouts/idempotency';
import { answerIdempotently, sendAnswer } from '../checkouts/idempotency';
import type { CheckoutList } from '../checkouts/list';
import { listCheckouts } from '../checkouts/list';
import type { CancelAccepted, CheckoutResponse } from '../checkouts/responses';
import { checkoutSummarySchema } from '../checkouts/responses';
import { ORDER_ID_PATTERN, createCheckoutSchema } from '../checkouts/schema';
import { checkoutDetail, checkoutSummary, queryCheckout } from '../checkouts/state';
import { readStoredCheckoutDetail } from '../checkouts/stored';
import { readForAnswer } from '../order-store-access';
import { paymentPart } from '../payments/state';
import type { ResolvedDeps } from '../deps';
import { HttpError, asyncRoute } from '../errors';
import { mediaType } from '../media-type';
import { bindLogger, loggerFor } from '../request-context';
import {
  SHORT_RPC_TIMEOUT_MS,
  isTemporalUnavailable,
  isWorkflowNotFound,
  withDeadline,
} from '../temporal-errors';

/** How long a cancel's answer waits for the checkout to carry it out before answering 202. */
const CANCEL_ANSWER_WAIT_MS = 10_000;

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

const answeredCheckoutId = checkoutSummarySchema.pick({ checkoutId: true });

function alreadyDecided(state: CheckoutState): HttpError {
  const reason = state.cancelReason ? ` (${state.cancelReason})` : '';
  return new HttpError(409, 'already_decided', `checkout is already ${state.status}${reason}`);
}

/** The answer to a cancel that a payment beat: the error shape, plus the completed checkout. */
/** 409 with the completed checkout beside the error, so the merchant sees what it paid. */
function alreadyCompleted(state: CheckoutState): HttpError {
  return new HttpError(
    409,
    'already_completed',
    'the customer paid before the cancel: checkout is completed',
    undefined,
    { checkout: checkoutSummary(state) },
  );
}

/**
 * The signalled cancel's outcome, waited for a moment (an Update answered once the cancel
 * was carried out). Undefined when that takes longer (an activity still retrying, no
 * worker): the cancel is queued all the same, and GET /checkouts/:id tells the end.
 */
async function cancelOutcome(
  client: ResolvedDeps['client'],
  checkoutId: string,
): Promise<CheckoutState | undefined> {
  const handle = client.workflow.getHandle(checkoutWorkflowId(checkoutId));
  try {
    return await withDeadline(client.connection, CANCEL_ANSWER_WAIT_MS, () =>
      handle.executeUpdate(merchantCancelOutcomeUpdate),
    );
  } catch (err) {
    // Closed meanwhile (it decided at once): its result is the outcome.
    if (isWorkflowNotFound(err)) return queryCheckout(client, checkoutId);
    return undefined;
  }
}

function unknownCheckout(): HttpError {
  return new HttpError(404, 'checkout_not_found', 'no such checkout');
}

export function checkoutsRouter(deps: ResolvedDeps): express.Router {
  const router = express.Router();
  const auth = requireApiKey(deps.config.apiKeys);
  const { client, metrics } = deps;
  const createOnce = coalesceIdenticalCreates();

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
      const result = await answerIdempotently(deps, req, 'POST /checkouts', request, async () => {
        assertExpiryAllowed(request.provider, request.expiresAt, deps.now());
        const { status, body } = await createOnce(request, () => createOrResumeCheckout(deps, request));
        log.info(
          { checkoutId: body.checkoutId, status: body.status, created: status === 201 },
          'checkout answered',
        );
        return { status, body };
      });
      // A replayed answer comes back from the store: read its id, never assume it.
      const answered = answeredCheckoutId.safeParse(result.answer.body);
      if (answered.success) {
        bindLogger(req, { checkoutId: answered.data.checkoutId });
        res.location(`/checkouts/${answered.data.checkoutId}`);
      }
      sendAnswer(res, result);
    }),
  );

  router.get(
    '/checkouts',
    auth,
    asyncRoute(async (req, res) => {
      const body: CheckoutList = await listCheckouts(deps.store, req.query);
      res.status(200).json(body);
    }),
  );

  router.get(
    '/checkouts/:checkoutId',
    auth,
    asyncRoute(async (req, res) => {
      const checkoutId = checkoutIdParam(req);
      let state: CheckoutState | undefined;
      let unavailable: unknown;
      try {
        state = await queryCheckout(client, checkoutId);
      } catch (err) {
        // A running checkout's query needs a worker: with none up (or Temporal unreachable)
        // the store still knows its status, and never lags a decision (completeOrder and
        // cancelOrder write it before the workflow shows it).
        if (!isTemporalUnavailable(err)) throw err;
        unavailable = err;
      }
      if (!state) {
        // Or retention deleted the workflow: the order store still has the checkout.
        const { store } = deps;
        const stored = store && (await readStoredCheckoutDetail(store, checkoutId));
        if (!stored) throw unavailable ?? unknownCheckout();
        if (unavailable)
          loggerFor(req).warn(
            { err: unavailable },
            'Temporal could not answer for the checkout; the order store did',
          );
        res.status(200).json({ ...stored, payment: null });
        return;
      }
      bindLogger(req, { provider: state.provider });
      // A completed checkout's money lives on in its payment workflow (routes/payments.ts).
      const payment =
        state.status === 'completed' ? await paymentPart(client, state.checkoutId) : { payment: null };
      const body: CheckoutResponse = { ...checkoutDetail(state), ...payment };
      res.status(200).json(body);
    }),
  );

  router.post(
    '/checkouts/:checkoutId/cancel',
    auth,
    asyncRoute(async (req, res) => {
      const checkoutId = checkoutIdParam(req);
      const route = `POST /checkouts/${checkoutId}/cancel`;
      sendAnswer(res, await answerIdempotently(deps, req, route, {}, () => requestCancel(req, checkoutId)));
    }),
  );

  /** Hands the merchant's cancel to the checkout; a decided checkout answers 409. */
  async function requestCancel(req: express.Request, checkoutId: string): Promise<Answer> {
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
    const after = await cancelOutcome(client, checkoutId);
    // A payment in flight came first: the checkout completed, and the merchant must know.
    if (after?.status === 'completed') {
      log.info('merchant cancel lost the race to a payment');
      throw alreadyCompleted(after);
    }
    metrics.signals.inc({ provider: state.provider, signal: 'merchantCancel' });
    const status = after?.status ?? state.status;
    log.info({ status }, 'merchant cancel handed to the checkout');
    const body: CancelAccepted = { checkoutId, status, cancelRequested: true };
    return { status: 202, body };
  }

  return router;
}
