// iwocaPay simulator: the ecommerce order API, a stand-in checkout page and order
// webhooks (signed current shape, or the seed's unsigned older one), mountable under any
// path prefix (URLs are built from baseUrl, which plays the iwocaPay site).
//
// Provider API (Authorization: Bearer <access token>), the paths of the official Magento
// plugin (etc/config.xml, 2.x and 1.x) and the public docs, and no others:
//   POST   /api/lending/edge/ecommerce/seller/{uuid}/order/      {data:{amount, reference, …}}
//          → 201 {data:{id, amount, reference, order_url, status, allowed_payment_terms}};
//          a reference already used → 400 {errors:[{detail, source:{pointer:"/data/reference"}}]} [?]
//   GET    /api/iwocapay/ecommerce/seller/{uuid}/order/{id}/     → 200 {data:{id, amount, reference,
//          redirect_url, pricing, pay_link_id, seller_name, status, allowed_payment_terms}},
//          signed: X-Iwocapay-Hmac-Sha256 = base64 HMAC-SHA256(raw body, access token)
//   DELETE /api/iwocapay/ecommerce/seller/{uuid}/order/{id}/     → 204 (plugin 2.x)
//   GET    /api/lending/edge/ecommerce/order/{id}/               → 200, unsigned (docs; plugin 1.x)
//   DELETE /api/lending/edge/ecommerce/order/{id}/               → 204 (plugin 1.x)
//   a cancelled order becomes UNSUCCESSFUL (webhook sent); cancelling a terminal one →
//   400 {errors:[{detail:"Can't cancel order of terminal state"}]}; other errors 401, 403, 404, 405
// Customer page: GET {base}/pay/order/{order_id}/landing/
// Control API (JSON, no auth, sandbox only):
//   GET  {base}/_sandbox/sessions/{order_id}
//   POST {base}/_sandbox/sessions/{order_id}/{action}   action ∈ start (PENDING) | approveCredit (APPROVED) |
//        approve (SUCCESSFUL) | decline (UNSUCCESSFUL) | abandon (no webhook);
//        body {delivery?: shaping, shape?: "current" | "legacy"}
//   POST {base}/_sandbox/signing {mode: "missing" | "wrong", times?}   spoils the next GET order signatures
//   POST {base}/_sandbox/deliveries/next | deliveries/release | faults | reset, GET deliveries (see ../control.ts)
//   faults operations: "create", "status", "cancel"
// The status API always reflects the last action, so polling recovers a dropped webhook.
import express from 'express';
import { createControlRouter, FaultPlan, NextDeliveryShaping } from '../control';
import { WebhookDeliverer } from '../delivery';
import { createActionRouter } from './actions';
import { createApiRouter } from './api';
import { createSigningControl } from './signing';
import {
  errorBody,
  type IwocaPaySimulatorOptions,
  type SimulatedOrder,
  type SimulatorContext,
} from './state';

export type { IwocaPaySimulatorOptions, SimulatedOrder } from './state';

export interface IwocaPaySimulator {
  app: express.Application;
  /** What IWOCAPAY_BASE_URL should be set to: the simulated iwocaPay site. */
  baseUrl: string;
  /** The older IWOCAPAY_API_URL form of baseUrl (…/api/lending/edge/), still accepted by the config. */
  apiUrl: string;
  deliverer: WebhookDeliverer;
  orders: Map<string, SimulatedOrder>;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

export function createIwocaPaySimulator(options: IwocaPaySimulatorOptions): IwocaPaySimulator {
  const deliverer = new WebhookDeliverer(options.retry);
  const ctx: SimulatorContext = {
    options,
    now: options.now ?? (() => new Date()),
    orders: new Map(),
    deliverer,
    shaping: new NextDeliveryShaping(),
    faults: new FaultPlan(),
    signing: [],
  };
  const app = express();
  app.use(createApiRouter(ctx));
  app.get('/pay/order/:id/landing/', (req, res) => {
    const order = ctx.orders.get(req.params.id);
    if (!order) return void res.status(404).type('text/plain').send('Unknown order');
    res
      .type('html')
      .send(
        `<!doctype html><title>iwocaPay sandbox</title><h1>Pay with iwocaPay</h1>` +
          `<p>Order for £${order.amount}: ${order.state}.</p>` +
          `<p>Act as the customer with POST _sandbox/sessions/${order.id}/approve (or decline, …).</p>`,
      );
  });
  app.use('/_sandbox', createSigningControl(ctx), createControlRouter(ctx), createActionRouter(ctx));
  // Malformed JSON gets an API-style error body rather than express's HTML page.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const clientError = typeof err === 'object' && err !== null && 'status' in err && err.status === 400;
    res.status(clientError ? 400 : 500).json(errorBody(clientError ? 'JSON parse error.' : 'Server error.'));
  });
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return {
    app,
    baseUrl,
    apiUrl: `${baseUrl}api/lending/edge/`,
    deliverer,
    orders: ctx.orders,
    shaping: ctx.shaping,
    faults: ctx.faults,
  };
}
