// iwocaPay simulator: the ecommerce order API, a stand-in checkout page and order
// webhooks (signed current shape, or the seed's unsigned older one), mountable under any
// path prefix (URLs are built from baseUrl).
//
// Provider API (Authorization: Bearer <access token>), under {base}/api/lending/edge:
//   POST   /ecommerce/seller/{supplier_uuid}/order/        {data:{amount, reference, …}} → 201 {data:{id, order_url, …}}
//   GET    /ecommerce/order/{order_id}/                    → 200 {data:{id, amount, reference, status, …}}
//   DELETE /ecommerce/seller/{supplier_uuid}/order/{id}/   → 204, or 400 when the order is terminal
//   errors: 400 {detail, errors[{detail, source{pointer}}]} (duplicate reference, bad fields), 401, 403, 404
// Customer page: GET {base}/pay/{order_id}
// Control API (JSON, no auth, sandbox only):
//   GET  {base}/_sandbox/sessions/{order_id}
//   POST {base}/_sandbox/sessions/{order_id}/{action}   action ∈ start (PENDING) | approveCredit (APPROVED) |
//        approve (SUCCESSFUL) | decline (UNSUCCESSFUL) | abandon (no webhook);
//        body {delivery?: shaping, shape?: "current" | "legacy"}
//   POST {base}/_sandbox/deliveries/next | deliveries/release | faults | reset, GET deliveries (see ../control.ts)
//   faults operations: "create", "status", "cancel"
// The status API always reflects the last action, so polling recovers a dropped webhook.
import express from 'express';
import { joinUrl } from '../../providers/http';
import { createControlRouter, FaultPlan, NextDeliveryShaping } from '../control';
import { WebhookDeliverer } from '../delivery';
import { createActionRouter } from './actions';
import { createApiRouter } from './api';
import {
  errorBody,
  type IwocaPaySimulatorOptions,
  type SimulatedOrder,
  type SimulatorContext,
} from './state';

export type { IwocaPaySimulatorOptions, SimulatedOrder } from './state';

export interface IwocaPaySimulator {
  app: express.Application;
  /** What IWOCAPAY_API_URL should be set to. */
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
  };
  const app = express();
  app.use('/api/lending/edge', createApiRouter(ctx));
  app.get('/pay/:id', (req, res) => {
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
  app.use('/_sandbox', createControlRouter(ctx), createActionRouter(ctx));
  // Malformed JSON gets an API-style error body rather than express's HTML page.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const clientError = typeof err === 'object' && err !== null && 'status' in err && err.status === 400;
    res.status(clientError ? 400 : 500).json(errorBody(clientError ? 'JSON parse error.' : 'Server error.'));
  });
  return {
    app,
    apiUrl: joinUrl(options.baseUrl, 'api/lending/edge/'),
    deliverer,
    orders: ctx.orders,
    shaping: ctx.shaping,
    faults: ctx.faults,
  };
}
