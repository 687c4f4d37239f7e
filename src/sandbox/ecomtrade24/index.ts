// Ecomtrade24 simulator: the merchant API, a stand-in hosted checkout page and signed
// `payment.session` webhooks, mountable under any path prefix (URLs built from baseUrl).
//
// Provider API (Authorization: Bearer <API key>):
//   GET  {base}/gateway/me.php                    → {ok, integration_mode, methods}
//   POST {base}/gateway/session.php  JSON {domain, amount "49.95", currency, order_id, return_url?,
//        cancel_url?, customer_email?, method?} → {ok:true, session_id, checkout_url, expires_at
//        "YYYY-MM-DD HH:MM:SS" UTC (option expiresAtForm 'iso8601': "…T…+00:00")};
//        errors {ok:false, error, message}: 400 (bad field, method in
//        hosted_checkout mode, unknown method, `provider` sent), 401, 403 (domain not exact)
//   GET  {base}/gateway/status.php?session_id=…   → {ok, session_id, order_id, status, amount, currency}
// Customer page: GET {base}/checkout/{session_id}
// Control API (JSON, no auth, sandbox only):
//   GET  {base}/_sandbox/sessions/{session_id}
//   POST {base}/_sandbox/sessions/{session_id}/{action}  action ∈ approve (paid) | decline | fail | cancel |
//        expire | abandon (no webhook); body {delivery?: shaping, signatureHeader?, signaturePrefix?, unsigned?}
//   POST {base}/_sandbox/deliveries/next | deliveries/release | faults | reset, GET deliveries (see ../control.ts)
//   faults operations: "me", "create", "status"
// status.php always reflects the last action (and expiry), so polling recovers a dropped webhook.
import express from 'express';
import { createControlRouter, FaultPlan, NextDeliveryShaping } from '../control';
import { WebhookDeliverer } from '../delivery';
import { createActionRouter } from './actions';
import { createApiRouter, currentState } from './api';
import {
  errorBody,
  type Ecomtrade24SimulatorOptions,
  type SimulatedSession,
  type SimulatorContext,
} from './state';

export type { Ecomtrade24SimulatorOptions, ExpiresAtForm, SimulatedSession } from './state';

export interface Ecomtrade24Simulator {
  app: express.Application;
  /** What ECOMTRADE24_API_URL should be set to. */
  apiUrl: string;
  deliverer: WebhookDeliverer;
  sessions: Map<string, SimulatedSession>;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

export function createEcomtrade24Simulator(options: Ecomtrade24SimulatorOptions): Ecomtrade24Simulator {
  const deliverer = new WebhookDeliverer(options.retry);
  const ctx: SimulatorContext = {
    options,
    now: options.now ?? (() => new Date()),
    sessions: new Map(),
    deliverer,
    shaping: new NextDeliveryShaping(),
    faults: new FaultPlan(),
  };
  const app = express();
  app.use(createApiRouter(ctx));
  app.get('/checkout/:id', (req, res) => {
    const session = ctx.sessions.get(req.params.id);
    if (!session) return void res.status(404).type('text/plain').send('Unknown session');
    res
      .type('html')
      .send(
        `<!doctype html><title>Ecomtrade24 sandbox</title><h1>Checkout</h1>` +
          `<p>${session.amount} ${session.currency}: ${currentState(ctx, session)}.</p>` +
          `<p>Act as the buyer with POST _sandbox/sessions/${session.sessionId}/approve (or decline, …).</p>`,
      );
  });
  app.use('/_sandbox', createControlRouter(ctx), createActionRouter(ctx));
  // Malformed JSON gets the provider's error body rather than express's HTML page.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const clientError = typeof err === 'object' && err !== null && 'status' in err && err.status === 400;
    res.status(clientError ? 400 : 500).json(errorBody(clientError ? 'invalid_json' : 'server_error'));
  });
  return {
    app,
    apiUrl: options.baseUrl,
    deliverer,
    sessions: ctx.sessions,
    shaping: ctx.shaping,
    faults: ctx.faults,
  };
}
