// The simulated Create Request endpoint: POST /merchant/{merchant_id}/requests with
// HTTP Basic auth and the documented JSON fields; ./answers writes the 200 answer.
import { randomBytes } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { constantTimeEqual } from '../../providers/crypto';
import { basicAuth, joinUrl } from '../../providers/http';
import { fromMinorUnits, toMinorUnits } from '../../money';
import { injectFaults } from '../control';
import { sendCreateAnswer, takeCreateAnswer } from './answers';
import { errorBody, type SimulatedRequest, type SimulatorContext } from './state';

const money = z.string().regex(/^\d{1,12}\.\d{2}$/, 'must be a string with 2 decimals, e.g. "12.30"');
const address = z
  .object({
    street1: z.string().min(1),
    city: z.string().min(1),
    state: z.string().regex(/^[A-Za-z]{2}$/, 'must be a 2-letter state code'),
    zipcode: z.string().min(1),
    country: z.string().optional(),
  })
  .passthrough();
const createSchema = z
  .object({
    first_name: z.string().min(1),
    last_name: z.string().min(2, 'must be at least 2 characters'),
    email: z.string().email(),
    phone: z.string().optional(),
    billing_address: address,
    shipping_address: address.optional(),
    cart_items: z
      .array(
        z
          .object({
            sku: z.string().min(1),
            display_name: z.string().min(1),
            unit_price: money,
            quantity: z.number().int().positive(),
            unit_tax: money,
            category: z.string().optional(),
          })
          .passthrough(),
      )
      .optional(),
    shipping_amount: money.optional(),
    tax_amount: money.optional(),
    amount: money.optional(),
    currency: z.literal('USD').optional(),
    merchant_transaction_id: z.string().optional(),
    postback_url: z.string().url().optional(),
    success_url: z.string().url().optional(),
    failure_url: z.string().url().optional(),
    // The simulator posts only the v1.9 JSON dialect, so it insists on asking for it.
    version: z.literal('1.9', { errorMap: () => ({ message: 'the sandbox only posts version "1.9"' }) }),
  })
  .passthrough()
  .refine((body) => body.amount !== undefined || (body.cart_items?.length ?? 0) > 0, {
    message: 'amount or cart_items is required',
    path: ['amount'],
  });
type CreateBody = z.output<typeof createSchema>;

/** Integer minor units only: the cart total when no explicit amount is given. */
function requestAmount(body: CreateBody): string {
  if (body.amount) return body.amount;
  let total = toMinorUnits(body.shipping_amount ?? '0') + toMinorUnits(body.tax_amount ?? '0');
  for (const item of body.cart_items ?? []) {
    total += (toMinorUnits(item.unit_price) + toMinorUnits(item.unit_tax)) * item.quantity;
  }
  return fromMinorUnits(total);
}

export function createApiRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  const { options } = ctx;
  const expectedAuth = basicAuth(options.username, options.password);
  const failure = (status: number) =>
    errorBody(ctx, status, status >= 500 ? 'server_error' : 'invalid_request', 'Simulated failure');

  router.post(
    '/merchant/:merchantId/requests',
    injectFaults(ctx.faults, 'create', failure),
    (req, res, next) => {
      if (!constantTimeEqual(req.get('authorization') ?? '', expectedAuth)) {
        res.status(401).json(errorBody(ctx, 401, 'unauthorized', 'Invalid API credentials'));
        return;
      }
      if (req.params.merchantId !== options.merchantId) {
        res.status(403).json(errorBody(ctx, 403, 'forbidden', 'Unknown merchant for these credentials'));
        return;
      }
      next();
    },
    express.json(),
    (req, res) => {
      const parsed = createSchema.safeParse(req.body);
      if (!parsed.success) {
        const reasons = Object.fromEntries(
          parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message]),
        );
        res.status(400).json(errorBody(ctx, 400, 'invalid_request', 'The request is invalid', reasons));
        return;
      }
      const invId = randomBytes(16).toString('hex');
      const request: SimulatedRequest = {
        invId,
        merchantTransactionId: parsed.data.merchant_transaction_id,
        amount: requestAmount(parsed.data),
        postbackUrl: parsed.data.postback_url ?? options.postbackUrl,
        state: 'pending',
        createdAt: ctx.now().toISOString(),
        postbacks: [],
      };
      ctx.requests.set(invId, request);
      sendCreateAnswer(res, takeCreateAnswer(ctx), request, joinUrl(options.baseUrl, `application/${invId}`));
    },
  );
  return router;
}
