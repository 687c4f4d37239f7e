// The provider receivers. Order of work on every request: media type (415), raw body
// within the limit (413), the adapter's verification (401) and parsing (400), then
// Temporal (2xx only once it accepted; 503 when it cannot be reached, so the provider
// delivers again). No bearer key here: each provider authenticates its own way.
import express from 'express';
import { InboundParseError, VerificationError } from '../../providers/errors';
import type { InboundResult } from '../../providers/types';
import type { ResolvedDeps } from '../deps';
import { HttpError, asyncRoute, sendError } from '../errors';
import { browserDestination, cancelDestination } from '../inbound/browser';
import type { InboundContext } from '../inbound/deliver';
import { countPaidAfterCancel, deliverEvent, deliverPollHint } from '../inbound/deliver';
import type { InboundBudget } from '../inbound/hint-budget';
import { createInboundBudget } from '../inbound/hint-budget';
import { boundedEvent } from '../inbound/event-bounds';
import type { Receiver } from '../inbound/receivers';
import { RECEIVERS } from '../inbound/receivers';
import { toInboundRequest } from '../inbound/request';
import { mediaType } from '../media-type';
import { bindLogger } from '../request-context';

function requireMediaType(receiver: Receiver): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const type = mediaType(req);
    if (type !== undefined && receiver.mediaTypes.includes(type)) return next();
    sendError(
      res,
      new HttpError(415, 'unsupported_media_type', `expected ${receiver.mediaTypes.join(' or ')}`),
    );
  };
}

function parse(deps: ResolvedDeps, receiver: Receiver, req: express.Request): InboundResult {
  const { provider } = receiver;
  const log = bindLogger(req, { provider });
  if (!deps.providers.isEnabled(provider)) {
    throw new HttpError(404, 'provider_not_configured', `${provider} is not configured on this gateway`);
  }
  try {
    const result = deps.providers
      .get(provider)
      .parseInbound(receiver.channel, toInboundRequest(req, deps.now(), deps.callbackSecret));
    return result.type === 'event' ? { ...result, event: boundedEvent(result.event) } : result;
  } catch (err) {
    // The adapter's detail is for our logs only: it may describe what a forger got wrong.
    if (err instanceof VerificationError) {
      deps.metrics.verificationFailures.inc({ provider });
      log.warn({ detail: err.detail }, 'inbound verification failed; nothing signalled');
      throw new HttpError(401, 'verification_failed', 'the message could not be authenticated');
    }
    if (err instanceof InboundParseError) {
      log.warn({ detail: err.detail }, 'malformed inbound message; nothing signalled');
      throw new HttpError(400, 'malformed_message', `the ${provider} message is malformed`);
    }
    throw err;
  }
}

/**
 * iwocaPay and Ecomtrade24 notices we cannot verify are never applied, but they say
 * "something changed", so the checkout polls the provider's status API now and the
 * status API's answer is the truth. The answer differs by why it is only a hint:
 * - badSignature → 401: a forgery or a wrong secret must show as a failure at the sender.
 *   The poll is best effort here (the workflow polls on its own schedule anyway).
 * - unsigned → 202: iwocaPay's older webhook shape is legitimately unsigned; 2xx stops a
 *   pointless redelivery. Temporal being unreachable is 503, so the hint comes again.
 */
async function answerPollHint(
  ctx: InboundContext,
  receiver: Receiver,
  hint: Extract<InboundResult, { type: 'pollHint' }>,
  req: express.Request,
  res: express.Response,
): Promise<void> {
  const log = bindLogger(req, {
    checkoutId: hint.checkoutReference,
    providerReference: hint.providerReference,
  });
  if (hint.reason === 'badSignature') {
    ctx.metrics.verificationFailures.inc({ provider: receiver.provider });
    const routing = await deliverPollHint(ctx, receiver.provider, hint).catch((err: unknown) => {
      log.warn({ err }, 'poll hint for a badly signed notice could not be signalled');
      return undefined;
    });
    log.warn({ routing: routing?.outcome }, 'signature failed; at most a poll was asked for');
    throw new HttpError(401, 'verification_failed', 'the message could not be authenticated');
  }
  const routing = await deliverPollHint(ctx, receiver.provider, hint);
  log.info({ routing: routing.outcome }, 'unsigned notice; at most a poll was asked for');
  res.status(202).json({ received: true, applied: false });
}

/**
 * A browser return with nothing to apply (WiPay's failed or errored redirect): nothing is
 * signalled and the customer is not shown an error page but sent to the checkout's
 * cancelUrl; the checkout's own timers decide. The checkout comes from our signed binding.
 */
async function answerBrowserReturn(
  deps: ResolvedDeps,
  result: Extract<InboundResult, { type: 'browserReturn' }>,
  req: express.Request,
  res: express.Response,
): Promise<void> {
  const log = bindLogger(req, { checkoutId: result.checkoutReference });
  log.info('browser return with nothing to apply; nothing signalled');
  const destination = await cancelDestination(deps.client, result.checkoutReference, log);
  if (destination !== undefined) return res.redirect(302, destination);
  res.status(200).json({ received: true, applied: false });
}

function handler(deps: ResolvedDeps, receiver: Receiver, budget: InboundBudget): express.RequestHandler {
  const { client, taskQueue, metrics } = deps;
  const ctx: InboundContext = { client, taskQueue, metrics, budget };
  return asyncRoute(async (req, res) => {
    const result = parse(deps, receiver, req);
    if (result.type === 'pollHint') return answerPollHint(ctx, receiver, result, req, res);
    if (result.type === 'browserReturn') return answerBrowserReturn(deps, result, req, res);

    const { event } = result;
    let log = bindLogger(req, {
      checkoutId: event.checkoutReference,
      providerReference: event.providerReference,
      eventId: event.eventId,
    });
    const delivery = await deliverEvent(ctx, event);
    if (delivery.checkoutId !== undefined && delivery.checkoutId !== event.checkoutReference) {
      log = bindLogger(req, { checkoutId: delivery.checkoutId });
    }
    log.info(
      { kind: event.kind, rawStatus: event.rawStatus, delivery: delivery.outcome },
      'event handed to Temporal',
    );

    const destination =
      receiver.answer === 'ack'
        ? undefined
        : await browserDestination(deps.client, receiver.answer, delivery.checkoutId, event, log);
    if (destination !== undefined) res.redirect(302, destination);
    else res.status(200).json({ received: true });
    // Durable already; only a metric is left, and the sender need not wait for it.
    void countPaidAfterCancel(ctx, event, delivery);
  });
}

export function webhooksRouter(deps: ResolvedDeps): express.Router {
  const router = express.Router();
  // Raw bytes, only here: signatures are computed on exactly what the provider sent.
  const rawBody = express.raw({ type: () => true, limit: deps.config.webhookBodyLimitBytes });
  // One budget for all receivers of this gateway process (README: receivers).
  const budget = createInboundBudget(() => deps.now().getTime());
  for (const receiver of RECEIVERS) {
    const route = router.route(receiver.path);
    const chain = [requireMediaType(receiver), rawBody, handler(deps, receiver, budget)];
    if (receiver.methods.includes('get')) route.get(...chain);
    if (receiver.methods.includes('post')) route.post(...chain);
  }
  return router;
}
