// The simulated merchant API: GET /gateway/me.php, POST /gateway/session.php and
// GET /gateway/status.php?session_id=…, each with `Authorization: Bearer <API key>`.
import { randomBytes } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { constantTimeEqual } from '../../providers/crypto';
import { joinUrl } from '../../providers/http';
import { injectFaults } from '../control';
import { errorBody, providerTime, type SimulatedSession, type SimulatorContext } from './state';

const sessionSchema = z
  .object({
    domain: z.string().min(1),
    amount: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'amount must be a decimal string such as "49.95"'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code'),
    order_id: z.string().min(1).max(64),
    return_url: z.string().url().optional(),
    cancel_url: z.string().url().optional(),
    customer_email: z.string().email().optional(),
    method: z.string().min(1).optional(),
  })
  .passthrough();

/** A pending session past its expiry reads as expired, like the real status endpoint would. */
export function currentState(ctx: SimulatorContext, session: SimulatedSession): SimulatedSession['state'] {
  if (session.state === 'pending' && ctx.now().getTime() > Date.parse(session.expiresAt))
    session.state = 'expired';
  return session.state;
}

export function createApiRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  const { options } = ctx;
  const mode = options.integrationMode ?? 'hosted_checkout';
  const methods = options.methods ?? ['card', 'paypal', 'sepa'];
  const failure = (status: number) =>
    errorBody(status >= 500 ? 'server_error' : 'request_failed', 'Simulated failure');
  const authenticate: express.RequestHandler = (req, res, next) => {
    if (!constantTimeEqual(req.get('authorization') ?? '', `Bearer ${options.apiKey}`)) {
      return void res.status(401).json(errorBody('unauthorized', 'Missing or invalid API key'));
    }
    next();
  };

  router.get('/gateway/me.php', injectFaults(ctx.faults, 'me', failure), authenticate, (_req, res) => {
    res.json({ ok: true, integration_mode: mode, methods });
  });

  router.post(
    '/gateway/session.php',
    injectFaults(ctx.faults, 'create', failure),
    authenticate,
    express.json(),
    (req, res) => {
      const parsed = sessionSchema.safeParse(req.body);
      if (!parsed.success) {
        const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        return void res.status(400).json(errorBody('invalid_request', message));
      }
      const body = parsed.data;
      if (body.domain !== options.domain) {
        return void res
          .status(403)
          .json(errorBody('domain_not_allowed', 'Domain does not match the approved domain'));
      }
      if ('provider' in body) {
        return void res
          .status(400)
          .json(errorBody('invalid_request', 'provider must not be sent; use method'));
      }
      if (body.method !== undefined && mode === 'hosted_checkout') {
        return void res
          .status(400)
          .json(errorBody('invalid_request', 'method is not available in hosted_checkout mode'));
      }
      if (body.method !== undefined && !methods.includes(body.method)) {
        return void res.status(400).json(errorBody('invalid_method', `Unknown method ${body.method}`));
      }
      const now = ctx.now();
      const session: SimulatedSession = {
        sessionId: `cs_${randomBytes(12).toString('hex')}`,
        orderId: body.order_id,
        amount: body.amount,
        currency: body.currency,
        method: body.method,
        returnUrl: body.return_url,
        cancelUrl: body.cancel_url,
        state: 'pending',
        createdAt: now.toISOString(),
        // Whole seconds: the provider's format has no fraction, and reads must agree with it.
        expiresAt: new Date(
          Math.floor(now.getTime() / 1000) * 1000 + (options.sessionTtlSeconds ?? 1800) * 1000,
        ).toISOString(),
        webhooks: [],
      };
      ctx.sessions.set(session.sessionId, session);
      res.json({
        ok: true,
        session_id: session.sessionId,
        checkout_url: joinUrl(options.baseUrl, `checkout/${session.sessionId}`),
        expires_at: providerTime(new Date(session.expiresAt), options.expiresAtForm),
      });
    },
  );

  router.get('/gateway/status.php', injectFaults(ctx.faults, 'status', failure), authenticate, (req, res) => {
    const sessionId = typeof req.query.session_id === 'string' ? req.query.session_id : '';
    if (!sessionId) return void res.status(400).json(errorBody('invalid_request', 'session_id is required'));
    const session = ctx.sessions.get(sessionId);
    if (!session) return void res.status(404).json(errorBody('not_found', 'Unknown session'));
    res.json({
      ok: true,
      session_id: session.sessionId,
      order_id: session.orderId,
      status: currentState(ctx, session),
      amount: session.amount,
      currency: session.currency,
      expires_at: providerTime(new Date(session.expiresAt), options.expiresAtForm),
    });
  });
  return router;
}
