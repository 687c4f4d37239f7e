// The simulated order API under /api/lending/edge: create (201), read, cancel (204, or
// 400 on a terminal order), with `Authorization: Bearer <access token>`.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { toJsonNumber, toTwoDecimals } from '../../money';
import { constantTimeEqual } from '../../providers/crypto';
import { joinUrl } from '../../providers/http';
import { injectFaults } from '../control';
import { errorBody, type SimulatedOrder, type SimulatorContext } from './state';

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

function view(ctx: SimulatorContext, order: SimulatedOrder) {
  return {
    id: order.id,
    amount: toJsonNumber(order.amount),
    reference: order.reference,
    order_url: joinUrl(ctx.options.baseUrl, `pay/${order.id}`),
    redirect_url: order.redirectUrl ?? null,
    pricing: { representative_interest: 0, promotions: [] },
    pay_link_id: order.payLinkId,
    seller_name: ctx.options.sellerName ?? 'Sandbox Seller Ltd',
    status: order.state,
    allowed_payment_terms: order.allowedPaymentTerms,
  };
}

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
  let legacyIds = 1000;

  router.post(
    '/ecommerce/seller/:uuid/order/',
    injectFaults(ctx.faults, 'create', failure),
    authenticate,
    seller,
    express.json(),
    (req, res) => {
      const parsed = createSchema.safeParse(req.body);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({
          pointer: `/${i.path.join('/')}`,
          detail: i.message,
        }));
        return void res.status(400).json(errorBody('Invalid input.', errors));
      }
      const data = parsed.data.data;
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
      const { id, amount, reference, order_url, status, allowed_payment_terms } = view(ctx, order);
      res.status(201).json({ data: { id, amount, reference, order_url, status, allowed_payment_terms } });
    },
  );

  router.get(
    '/ecommerce/order/:id/',
    injectFaults(ctx.faults, 'status', failure),
    authenticate,
    (req, res) => {
      const order = ctx.orders.get(req.params.id ?? '');
      if (!order) return void res.status(404).json(errorBody('Not found.'));
      res.json({ data: view(ctx, order) });
    },
  );

  router.delete(
    '/ecommerce/seller/:uuid/order/:id/',
    injectFaults(ctx.faults, 'cancel', failure),
    authenticate,
    seller,
    (req, res) => {
      const order = ctx.orders.get(req.params.id ?? '');
      if (!order) return void res.status(404).json(errorBody('Not found.'));
      if (order.state === 'SUCCESSFUL' || order.state === 'UNSUCCESSFUL') {
        return void res.status(400).json(errorBody(`Order is ${order.state} and cannot be cancelled.`));
      }
      order.state = 'UNSUCCESSFUL';
      res.status(204).end();
    },
  );
  return router;
}
