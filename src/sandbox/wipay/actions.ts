// The simulated WiPay customer: finishing the hosted page produces WiPay's result
// redirect to response_url, which the control call returns and, with followRedirect,
// the simulated browser performs. As WiPay documents it (Payments API v1.0.8,
// Transaction Response): the params are appended to response_url's own query; `total`
// is the final total (fee included under customer_pay/split); `hash` is sent for
// `success` only and covers transaction_id + the requested total + the API key.
import express from 'express';
import { z } from 'zod';
import { md5Hex } from '../../providers/crypto';
import { badControlRequest, deliveryShapingSchema, faultSchema } from '../control';
import type { SessionState, SimulatedSession, SimulatorContext } from './state';
import { isExpired, trimTotal, wipayDate } from './state';

const actionBodySchema = z
  .object({
    /** How the browser delivers the redirect (else the queued /redirects/next shaping). */
    delivery: deliveryShapingSchema.optional(),
    /** Have the simulated browser GET the response_url (as WiPay's redirect makes it do). */
    followRedirect: z.boolean().optional(),
    /** Show the final total trimmed ("1344" for "1344.00"), as some integrations report. */
    trimTotal: z.boolean().optional(),
    message: z.string().max(255).optional(),
  })
  .strict();
type ActionBody = z.output<typeof actionBodySchema>;

const OUTCOMES: Record<string, { to: SessionState; message: string } | undefined> = {
  // WiPay's message format `[<response code>-R<reason code>]: <description>.` (FAC).
  approve: { to: 'success', message: '[1-R1]: Transaction is approved.' },
  decline: { to: 'failed', message: '[2-R2]: Transaction is declined.' },
  error: { to: 'error', message: '[3-R3]: Transaction error.' },
  abandon: { to: 'abandoned', message: '' },
};

export function createActionRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  router.use(express.json());
  const nextSchema = deliveryShapingSchema.extend({ count: z.number().int().min(1).max(100).default(1) });

  router.get('/sessions/:id', (req, res) => {
    const session = ctx.sessions.get(req.params.id);
    if (!session) return void res.status(404).json({ error: 'unknown transaction' });
    res.json({ ...session, expired: isExpired(ctx, session) });
  });
  router.post('/sessions/:id/:action', (req, res, next) => {
    const outcome = Object.hasOwn(OUTCOMES, req.params.action) ? OUTCOMES[req.params.action] : undefined;
    const session = ctx.sessions.get(req.params.id);
    if (!outcome)
      return void res.status(404).json({ error: `unknown action; use ${Object.keys(OUTCOMES).join(', ')}` });
    if (!session) return void res.status(404).json({ error: 'unknown transaction' });
    const parsed = actionBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    if (session.state !== 'pending' && session.state !== 'abandoned') {
      return void res.status(409).json({ error: `transaction already ${session.state}` });
    }
    // Past its 3 (5 with AVS) minutes the hosted page no longer takes a payment.
    if (isExpired(ctx, session)) {
      return void res
        .status(410)
        .json({ error: 'session expired', status: 'timeout', transactionId: session.transactionId });
    }
    session.state = outcome.to;
    if (outcome.to === 'abandoned')
      return void res.json({ transactionId: session.transactionId, state: session.state });
    finish(ctx, session, parsed.data, parsed.data.message ?? outcome.message).then(
      (result) => res.json(result),
      next,
    );
  });

  router.post('/redirects/next', (req, res) => {
    const parsed = nextSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    const { count, ...shaping } = parsed.data;
    ctx.shaping.push(shaping, count);
    res.json({ queued: count });
  });
  router.post('/redirects/release', (_req, res) => void res.json({ released: ctx.browser.releaseHeld() }));
  router.get('/redirects', (_req, res) => void res.json({ visits: ctx.browser.visits }));
  router.post('/faults', (req, res) => {
    const parsed = faultSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    ctx.faults.add(parsed.data);
    res.json({ armed: parsed.data });
  });
  router.post('/reset', (_req, res) => {
    ctx.shaping.clear();
    ctx.faults.clear();
    res.json({ reset: true });
  });
  return router;
}

async function finish(ctx: SimulatorContext, session: SimulatedSession, body: ActionBody, message: string) {
  const shaping = ctx.shaping.take(body.delivery);
  const query = resultQuery(ctx, session, message, body.trimTotal ?? false, shaping.badSignature ?? false);
  const url = new URL(session.responseUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value);
  session.resultUrl = url.toString();
  const visits = body.followRedirect ? await ctx.browser.visit(session.resultUrl, shaping) : undefined;
  return {
    transactionId: session.transactionId,
    state: session.state,
    responseUrl: session.resultUrl,
    query,
    visits,
  };
}

function resultQuery(
  ctx: SimulatorContext,
  session: SimulatedSession,
  message: string,
  trimmed: boolean,
  badHash: boolean,
): Record<string, string> {
  const paid = session.state === 'success';
  const key = badHash ? `${ctx.options.apiKey}-wrong` : ctx.options.apiKey;
  return {
    status: session.state,
    transaction_id: session.transactionId,
    order_id: session.orderId,
    currency: session.currency,
    total: trimmed ? trimTotal(session.finalTotal) : session.finalTotal,
    message,
    date: wipayDate(ctx.now()),
    ...(session.data === undefined ? {} : { data: session.data }),
    ...(paid ? { card: '(VISA) ... 1111' } : {}),
    ...(session.customerEmail ? { customer_email: session.customerEmail } : {}),
    ...(session.customerName ? { customer_name: session.customerName } : {}),
    ...(paid ? { hash: md5Hex(`${session.transactionId}${session.total}${key}`) } : {}),
  };
}
