// The simulated order API, on exactly the paths iwocaPay serves (see ./index.ts), with
// `Authorization: Bearer <access token>`; any other path under /api is a 404, and a
// known path asked with another method a 405, like the real (Django) API.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { toJsonNumber, toTwoDecimals } from '../../money';
import { constantTimeEqual } from '../../providers/crypto';
import { joinUrl } from '../../providers/http';
import { injectFaults } from '../control';
import { sendWebhook } from './actions';
import { sendSigned } from './signing';
import { errorBody, type CancelPath, type SimulatedOrder, type SimulatorContext } from './state';

const createSchema = z.object({
  data: z
    .object({
      amount: z
        .number()
        .positive()
        .refine((n) => /^\d{1,12}(\.\d{1,2})?$/.test(String(n)), 'must be GBP with at most 2 decimals'),
      reference: z.string().min(1).max(255),
      allowed_payment_terms: z
        .array(z.enum(['PAY_NOW', 'PAY_LATER']))
        .min(1)
        .optional(),
      webhook_url: z.string().url().optional(),
      redirect_url: z.string().url().optional(),
    })
    .passthrough(),
});

/** The GET order answer: the documented fields, and no order_url. */
function view(ctx: SimulatorContext, order: SimulatedOrder) {
  return {
    id: order.id,
    amount: toJsonNumber(order.amount),
    reference: order.reference,
    redirect_url: order.redirectUrl ?? null,
    pricing: { representative_interest: 0, promotions: [] },
    pay_link_id: order.payLinkId,
    seller_name: ctx.options.sellerName ?? 'Sandbox Seller Ltd',
    status: order.state,
    allowed_payment_terms: order.allowedPaymentTerms,
  };
}

const notFound: express.RequestHandler = (_req, res) => void res.status(404).json(errorBody('Not found.'));
const methodNotAllowed: express.RequestHandler = (req, res) =>
  void res.status(405).json(errorBody(`Method "${req.method}" not allowed.`));

export function createApiRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  const failure = (status: number) =>
    errorBody(status >= 500 ? 'Simulated server error.' : 'Simulated failure.');
  const authenticate: express.RequestHandler = (req, res, next) => {
    const header = req.get('authorization');
    if (!header) return void res.status(401).json(errorBody('Authentication credentials were not provided.'));
    if (!constantTimeEqual(header, `Bearer ${ctx.options.accessToken}`)) {
      return void res.status(401).json(errorBody('Invalid token.'));
    }
    next();
  };
  const seller: express.RequestHandler = (req, res, next) => {
    if (req.params.uuid !== ctx.options.supplierUuid) {
      return void res.status(403).json(errorBody('You do not have permission to perform this action.'));
    }
    next();
  };
  const withOrder = (
    handle: (order: SimulatedOrder, res: express.Response) => void,
  ): express.RequestHandler => {
    return (req, res) => {
      const order = ctx.orders.get(req.params.id ?? '');
      if (!order) return void res.status(404).json(errorBody('Not found.'));
      handle(order, res);
    };
  };
  const cancel = (via: CancelPath) =>
    withOrder((order, res) => {
      if (order.state === 'SUCCESSFUL' || order.state === 'UNSUCCESSFUL') {
        // The plugin's Cron/CancelAbandonedOrders.php matches errors[0].detail on exactly this text.
        return void res
          .status(400)
          .json(errorBody('Invalid request.', [{ detail: "Can't cancel order of terminal state" }]));
      }
      order.state = 'UNSUCCESSFUL';
      order.cancelledVia = via;
      // A status change, so iwocaPay sends its webhook as for any other.
      sendWebhook(ctx, order, {});
      res.status(204).end();
    });
  const cancels = (via: CancelPath) => (ctx.options.cancelPaths ?? ['current', 'legacy']).includes(via);
  let legacyIds = 1000;

  router
    .route('/api/lending/edge/ecommerce/seller/:uuid/order/')
    .post(injectFaults(ctx.faults, 'create', failure), authenticate, seller, express.json(), (req, res) => {
      const parsed = createSchema.safeParse(req.body);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({
          pointer: `/${i.path.join('/')}`,
          detail: i.message,
        }));
        return void res.status(400).json(errorBody('Invalid input.', errors));
      }
      const data = parsed.data.data;
      // The docs call the reference "a unique reference for the order"; the refusal's body is not documented [?].
      if ([...ctx.orders.values()].some((order) => order.reference === data.reference)) {
        const errors = [
          { pointer: '/data/reference', detail: 'An order with this reference already exists.' },
        ];
        return void res.status(400).json(errorBody('Invalid input.', errors));
      }
      const order: SimulatedOrder = {
        id: ctx.options.newOrderId?.() ?? randomUUID(),
        legacyId: ++legacyIds,
        payLinkId: randomUUID(),
        amount: toTwoDecimals(String(data.amount)),
        reference: data.reference,
        allowedPaymentTerms: data.allowed_payment_terms ?? ['PAY_LATER', 'PAY_NOW'],
        webhookUrl: data.webhook_url,
        redirectUrl: data.redirect_url,
        state: 'CREATED',
        createdAt: ctx.now().toISOString(),
        webhooks: [],
      };
      ctx.orders.set(order.id, order);
      const { id, amount, reference, status, allowed_payment_terms } = view(ctx, order);
      const order_url = joinUrl(ctx.options.baseUrl, `pay/order/${order.id}/landing/`);
      res.status(201).json({ data: { id, amount, reference, order_url, status, allowed_payment_terms } });
    })
    .all(methodNotAllowed);

  router
    .route('/api/iwocapay/ecommerce/seller/:uuid/order/:id/')
    .get(
      injectFaults(ctx.faults, 'status', failure),
      authenticate,
      seller,
      withOrder((order, res) => sendSigned(ctx, res, { data: view(ctx, order) })),
    )
    .delete(
      injectFaults(ctx.faults, 'cancel', failure),
      authenticate,
      seller,
      cancels('current') ? cancel('current') : methodNotAllowed,
    )
    .all(methodNotAllowed);

  // The documented older read (not known to be signed [?]) and the 1.x plugin's cancel.
  router
    .route('/api/lending/edge/ecommerce/order/:id/')
    .get(
      injectFaults(ctx.faults, 'status', failure),
      authenticate,
      withOrder((order, res) => void res.json({ data: view(ctx, order) })),
    )
    .delete(
      injectFaults(ctx.faults, 'cancel', failure),
      authenticate,
      cancels('legacy') ? cancel('legacy') : methodNotAllowed,
    )
    .all(methodNotAllowed);

  router.all('/api/*', notFound);
  return router;
}
