// The simulated v3 shipping status, as WeGetFinancing's PHP SDK calls it: `POST /v3/auth`
// {client_id, client_secret} → {access_token}, then `POST /v3/lead/{inv_id}/shipping_status`
// with X-WGT-ACCESS-TOKEN and {shipping_status, tracking_id, tracking_company, delivery_date}.
// Each accepted status is recorded on its request. Refusals use the documented error body;
// their status codes (401 token, 404 unknown inv_id, 400 bad field) are our reading [?].
import { randomBytes } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { constantTimeEqual } from '../../providers/crypto';
import { WGF_SHIPPING_STATUSES } from '../../providers/wegetfinancing/shipping';
import { injectFaults } from '../control';
import { errorBody, type SimulatorContext } from './state';

const TOKEN_LIFETIME_MS = 3_600_000;

const authSchema = z.object({ client_id: z.string(), client_secret: z.string() });

/** The SDK's entity constraints: a known status, string ids, a YYYY-MM-DD date. */
const shippingStatusSchema = z.object({
  shipping_status: z.enum(WGF_SHIPPING_STATUSES, { message: 'Choose a valid shipment status.' }),
  tracking_id: z.string(),
  tracking_company: z.string(),
  delivery_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'The value of delivery date is not a valid Date with format YYYY-MM-DD.')
    .refine((value) => !Number.isNaN(Date.parse(value)), 'The value of delivery date is not a valid Date.'),
});

export function createShippingRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  const tokens = new Map<string, number>();

  router.post('/v3/auth', express.json(), (req, res) => {
    const parsed = authSchema.safeParse(req.body);
    const valid =
      parsed.success &&
      constantTimeEqual(parsed.data.client_id, ctx.options.username) &&
      constantTimeEqual(parsed.data.client_secret, ctx.options.password);
    if (!valid) return void res.status(401).json(errorBody(ctx, 401, 'unauthorized', 'Invalid credentials'));
    const token = randomBytes(16).toString('hex');
    tokens.set(token, ctx.now().getTime() + TOKEN_LIFETIME_MS);
    res.json({ access_token: token, token_type: 'bearer', expires_in: TOKEN_LIFETIME_MS / 1000 });
  });

  router.post(
    '/v3/lead/:invId/shipping_status',
    express.json(),
    injectFaults(ctx.faults, 'shipping', (status) =>
      errorBody(ctx, status, 'sandbox_fault', 'Refused by the sandbox'),
    ),
    (req, res) => {
      const expires = tokens.get(req.header('x-wgt-access-token') ?? '');
      if (expires === undefined || expires <= ctx.now().getTime()) {
        return void res
          .status(401)
          .json(errorBody(ctx, 401, 'unauthorized', 'Invalid or expired access token'));
      }
      const request = ctx.requests.get(req.params.invId ?? '');
      if (!request) return void res.status(404).json(errorBody(ctx, 404, 'not_found', 'Unknown inv_id'));
      const parsed = shippingStatusSchema.safeParse(req.body);
      if (!parsed.success) {
        const reasons = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
        return void res
          .status(400)
          .json(errorBody(ctx, 400, 'invalid_request', 'Invalid shipping status', reasons));
      }
      request.shipments = [...(request.shipments ?? []), { ...parsed.data, at: ctx.now().toISOString() }];
      res.status(204).end();
    },
  );

  router.get('/_sandbox/shipments/:invId', (req, res) => {
    const request = ctx.requests.get(req.params.invId);
    if (!request) return void res.status(404).json({ error: 'unknown inv_id' });
    res.json({ invId: request.invId, shipments: request.shipments ?? [] });
  });
  return router;
}
