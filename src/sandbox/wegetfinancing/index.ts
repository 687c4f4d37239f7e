// WeGetFinancing simulator: the Create Request API, a stand-in application page and
// signed v1.9 postbacks, mountable under any path prefix (URLs are built from baseUrl).
//
// Provider API (Basic auth username:password):
//   POST {base}/merchant/{merchant_id}/requests   → 200 {inv_id, href, amount} | 400/401/403 error body
//        (option createAnswer: 'request_token' → 200 {href, request_token}, the integration guide's shape)
//   POST {base}/v3/auth                           {client_id: username, client_secret: password} → {access_token}
//   POST {base}/v3/lead/{inv_id}/shipping_status   X-WGT-ACCESS-TOKEN; {shipping_status: shipped | stocked |
//        shortage | delivered, tracking_id, tracking_company, delivery_date: YYYY-MM-DD} → 204, recorded;
//        401 bad token, 404 unknown inv_id, 400 bad field (the v3 API's own host in production: apisrv.*)
//   GET  {base}/application/{inv_id}              customer-facing page (the href)
// Control API (JSON, no auth, sandbox only):
//   GET  {base}/_sandbox/sessions/{inv_id}                      the request and its postbacks
//   POST {base}/_sandbox/sessions/{inv_id}/{action}             action ∈ preapprove | approve |
//        decline | abandon | refund; body {delivery?: shaping, amount? (refund), includeMerchantTransactionId?}
//        (abandon sends nothing; approve/decline still work afterwards: "finish later")
//   POST {base}/_sandbox/deliveries/next     {drop?, copies?, delayMs?, hold?, badSignature?, count?}
//   POST {base}/_sandbox/deliveries/release  send held postbacks, newest first
//   GET  {base}/_sandbox/deliveries          delivery attempts
//   POST {base}/_sandbox/faults              {operation: "create" | "shipping", status?, body?, delayMs?, times?}
//   POST {base}/_sandbox/create-answers      {shape: inv_id | request_token | garbled, count?}: the
//        next creates answer that shape (garbled: created, but the 200 body is not JSON)
//   GET  {base}/_sandbox/requests?merchant_transaction_id=…   the requests created
//   GET  {base}/_sandbox/shipments/{inv_id}   {invId, shipments: [...]}: the shipping statuses recorded
//   POST {base}/_sandbox/reset               forget queued shaping, faults and answer shapes
// There is no status API at WeGetFinancing; _sandbox/sessions shows what a dropped postback said.
import express from 'express';
import { createControlRouter, FaultPlan, NextDeliveryShaping } from '../control';
import { WebhookDeliverer } from '../delivery';
import { createActionRouter } from './actions';
import { createAnswerRouter } from './answers';
import { createApiRouter } from './api';
import { createShippingRouter } from './shipping';
import {
  errorBody,
  type SimulatedRequest,
  type SimulatorContext,
  type WeGetFinancingSimulatorOptions,
} from './state';

export type { CreateAnswerShape, SimulatedRequest, WeGetFinancingSimulatorOptions } from './state';

export interface WeGetFinancingSimulator {
  app: express.Application;
  /** What WGF_API_URL should be set to. */
  apiUrl: string;
  deliverer: WebhookDeliverer;
  requests: Map<string, SimulatedRequest>;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

function isClientError(err: unknown): err is { status: number } {
  if (typeof err !== 'object' || err === null || !('status' in err)) return false;
  return typeof err.status === 'number' && err.status >= 400 && err.status < 500;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createWeGetFinancingSimulator(
  options: WeGetFinancingSimulatorOptions,
): WeGetFinancingSimulator {
  const deliverer = new WebhookDeliverer(options.retry);
  const ctx: SimulatorContext = {
    options,
    now: options.now ?? (() => new Date()),
    requests: new Map(),
    deliverer,
    shaping: new NextDeliveryShaping(),
    faults: new FaultPlan(),
    createAnswers: [],
  };
  const app = express();
  app.use(createApiRouter(ctx), createShippingRouter(ctx));
  app.get('/application/:id', (req, res) => {
    const request = ctx.requests.get(req.params.id);
    if (!request) return void res.status(404).type('text/plain').send('Unknown application');
    res
      .type('html')
      .send(
        `<!doctype html><title>WeGetFinancing sandbox</title><h1>Financing application</h1>` +
          `<p>Request ${escapeHtml(request.invId)} for $${escapeHtml(request.amount)}: ${escapeHtml(request.state)}.</p>` +
          `<p>Act as the customer with POST _sandbox/sessions/${escapeHtml(request.invId)}/approve (or decline, …).</p>`,
      );
  });
  // The answer router comes first so that /reset also forgets queued answer shapes.
  app.use('/_sandbox', createAnswerRouter(ctx), createControlRouter(ctx), createActionRouter(ctx));
  // Body-parser failures get the provider's error body rather than express's HTML page.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = isClientError(err) ? err.status : 500;
    const message = status === 500 ? 'Internal error' : 'Malformed request body';
    res
      .status(status)
      .json(errorBody(ctx, status, status === 500 ? 'server_error' : 'invalid_request', message));
  });
  return {
    app,
    apiUrl: options.baseUrl,
    deliverer,
    requests: ctx.requests,
    shaping: ctx.shaping,
    faults: ctx.faults,
  };
}
