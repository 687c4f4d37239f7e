// Affirm simulator: direct checkout, authorize, capture, refund, void and update with a
// ledger per transaction, a stand-in checkout page,
// status-visibility webhooks and the confirmation redirect; mountable under any path
// prefix (every URL it hands out is built from baseUrl).
//
// Provider API (Basic auth public_key:private_key, JSON, integer cents):
//   POST {base}/api/v2/checkout/direct        → 200 {checkout_id, redirect_url} | 400/401 Affirm error body
//        (checkout_expiration without milliseconds, else 400; the checkout ends then, or at expiration_time)
//   GET  {base}/api/v2/checkout/{checkout_id}   → 200 the checkout object {checkout_id, order_id, total, currency,
//        checkout_status: pending | confirmed | failed | expired ([3p] field)} | 404
//   POST {base}/api/v1/transactions            {transaction_id: checkout_token, order_id?}, Idempotency-Key
//        → 200 transaction {id, checkout_id, status: "authorized", amount, order_id, …}; only a confirmed,
//          unexpired, not yet authorized checkout's token, else 400 with Affirm's error code
//   POST {base}/api/v1/transactions/{id}/capture  {amount? (cents, split capture), order_id?,
//        shipping_carrier?, shipping_confirmation?}, Idempotency-Key → 200 capture event {id, type, amount, fee, …};
//        refusals: 409 capture-limit-exceeded (over the capturable balance), 400 capture-voided,
//        400 expired-authorization (30 days after the authorization), 404 unknown transaction
//   POST {base}/api/v1/transactions/{id}/refund   {amount?} → 200 refund event; 400 refund-uncaptured,
//        refund-exceeded (over captured minus refunded), refund-voided
//   POST {base}/api/v1/transactions/{id}/void     → 200 void event; 400 once anything was captured
//   POST {base}/api/v1/transactions/{id}/update   {order_id?, shipping_carrier?, shipping_confirmation?}
//        (every call: the same Idempotency-Key gets the first success again and changes nothing)
//   GET  {base}/api/v1/transactions/{id}          the transaction object (amount_refunded, events, …)
//   GET  {base}/checkout/{checkout_id}/…       customer-facing page (the redirect_url)
// Control API (JSON, no auth, sandbox only):
//   GET  {base}/_sandbox/sessions/{id}               the checkout, its state and the webhooks it sent
//   GET  {base}/_sandbox/transactions/{id}           the transaction's ledger in cents: authorized,
//        captured, refunded, voided, status, authorization_expiration, authorization_expired, events
//   POST {base}/_sandbox/sessions/{id}/{action}      action ∈ approve (approve + confirm) | finish-later |
//        confirm | decline | abandon; body {delivery?, deliveryByEvent?, followRedirect?, moreInformation?}
//        → {checkoutToken, state, webhooks, confirmationUrl?, redirect?, cancelUrl?}; 409 wrong state, 410 expired
//   POST {base}/_sandbox/deliveries/next | /deliveries/release, GET /deliveries, POST /faults, POST /reset
//        (faults: operation ∈ create | read | authorize | capture | refund | void | update, or
//        capture-response | refund-response | void-response | update-response: applied, answer lost;
//        e.g. {operation: "authorize", status: 400} refuses)
import express from 'express';
import { createControlRouter, FaultPlan, NextDeliveryShaping } from '../control';
import { WebhookDeliverer } from '../delivery';
import { createActionRouter } from './actions';
import { createApiRouter } from './api';
import { ledgerOf } from './ledger';
import type {
  AffirmSimulatorOptions,
  SimulatedCheckout,
  SimulatedTransaction,
  SimulatorContext,
} from './state';
import { affirmError, isExpired, NO_RETRY } from './state';

export type { AffirmSimulatorOptions, SimulatedCheckout, SimulatedTransaction } from './state';

export interface AffirmSimulator {
  app: express.Application;
  /** What AFFIRM_API_URL should be set to. */
  apiUrl: string;
  deliverer: WebhookDeliverer;
  checkouts: Map<string, SimulatedCheckout>;
  transactions: Map<string, SimulatedTransaction>;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function hasClientStatus(err: unknown): err is { status: number } {
  if (typeof err !== 'object' || err === null || !('status' in err)) return false;
  return typeof err.status === 'number' && err.status >= 400 && err.status < 500;
}

export function createAffirmSimulator(options: AffirmSimulatorOptions): AffirmSimulator {
  const deliverer = new WebhookDeliverer(options.retry ?? NO_RETRY);
  const ctx: SimulatorContext = {
    options,
    now: options.now ?? (() => new Date()),
    checkouts: new Map(),
    transactions: new Map(),
    idempotent: new Map(),
    deliverer,
    shaping: new NextDeliveryShaping(),
    faults: new FaultPlan(),
  };
  const app = express();
  app.use(createApiRouter(ctx));
  app.get(['/checkout/:id', '/checkout/:id/*'], (req, res) => {
    const checkout = ctx.checkouts.get(req.params.id ?? '');
    if (!checkout) return void res.status(404).type('text/plain').send('Unknown checkout');
    const expired = isExpired(ctx, checkout);
    res
      .status(expired ? 410 : 200)
      .type('html')
      .send(
        `<!doctype html><title>Affirm sandbox</title><h1>Pay over time with Affirm</h1>` +
          `<p>Checkout ${escapeHtml(checkout.id)} for ${checkout.total} cents: ${expired ? 'expired' : escapeHtml(checkout.state)}.</p>` +
          `<p>Act as the customer with POST _sandbox/sessions/${escapeHtml(checkout.id)}/approve (or decline, …).</p>`,
      );
  });
  app.get('/_sandbox/transactions/:id', (req, res) => {
    const transaction = ctx.transactions.get(req.params.id);
    if (!transaction) return void res.status(404).json({ error: 'unknown transaction' });
    res.json(ledgerOf(ctx, transaction));
  });
  app.use('/_sandbox', createControlRouter(ctx), createActionRouter(ctx));
  // Body-parser failures get Affirm's error body rather than express's HTML page.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = hasClientStatus(err) ? err.status : 500;
    res
      .status(status)
      .json(
        status === 500
          ? affirmError(500, 'server_error', 'internal-server-error', 'Internal error')
          : affirmError(status, 'invalid_request', 'invalid-json', 'Malformed request body'),
      );
  });
  return {
    app,
    apiUrl: options.baseUrl,
    deliverer,
    checkouts: ctx.checkouts,
    transactions: ctx.transactions,
    shaping: ctx.shaping,
    faults: ctx.faults,
  };
}
