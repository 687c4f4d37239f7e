// The simulated customer and lender: each action moves a request to a new state and,
// except for abandon, sends the v1.9 JSON postback signed like the real provider.
import express from 'express';
import { z } from 'zod';
import { signPostback } from '../../providers/wegetfinancing/signature';
import { badControlRequest, deliveryShapingSchema } from '../control';
import type { SimulatedRequest, SimulatedRequestState, SimulatorContext } from './state';

const actionBodySchema = z
  .object({
    delivery: deliveryShapingSchema.optional(),
    /** refund only: a partial refund amount (defaults to the full amount). */
    amount: z
      .string()
      .regex(/^\d{1,12}\.\d{2}$/)
      .optional(),
    /**
     * Whether the postback names merchant_transaction_id. The provider's own examples
     * leave it out of rejected and refund postbacks, so those default to omitting it.
     */
    includeMerchantTransactionId: z.boolean().optional(),
  })
  .strict();
type ActionBody = z.output<typeof actionBodySchema>;

interface Transition {
  from: readonly SimulatedRequestState[];
  to: SimulatedRequestState;
  /** The postback status sent, or none (the customer closed the lightbox). */
  postback?: 'approved' | 'preapproved' | 'rejected' | 'refund';
}

const OPEN = ['pending', 'abandoned', 'preapproved'] as const;
const TRANSITIONS: Record<string, Transition> = {
  preapprove: { from: ['pending', 'abandoned'], to: 'preapproved', postback: 'preapproved' },
  approve: { from: OPEN, to: 'approved', postback: 'approved' },
  decline: { from: OPEN, to: 'rejected', postback: 'rejected' },
  abandon: { from: ['pending'], to: 'abandoned' },
  refund: { from: ['approved'], to: 'refund', postback: 'refund' },
};

function sendPostback(
  ctx: SimulatorContext,
  request: SimulatedRequest,
  status: string,
  body: ActionBody,
): void {
  request.postbacks.push(status);
  if (!request.postbackUrl) return;
  const include = body.includeMerchantTransactionId ?? !(status === 'rejected' || status === 'refund');
  const payload = JSON.stringify({
    version: '1.9',
    request_token: request.invId,
    ...(include && request.merchantTransactionId
      ? { merchant_transaction_id: request.merchantTransactionId }
      : {}),
    updates: { status, ...(status === 'refund' ? { amount: body.amount ?? request.amount } : {}) },
  });
  const shaping = ctx.shaping.take(body.delivery);
  const timestamp = String(Math.floor(ctx.now().getTime() / 1000));
  const secrets = shaping.badSignature
    ? { username: ctx.options.username, password: `${ctx.options.password}-wrong` }
    : ctx.options;
  ctx.deliverer.send(
    {
      url: request.postbackUrl,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-signature': signPostback(secrets, timestamp, payload),
      },
      body: payload,
    },
    shaping,
  );
}

/** Control routes for one request (mounted under /_sandbox). */
export function createActionRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  router.use(express.json());

  router.get('/sessions/:id', (req, res) => {
    const request = ctx.requests.get(req.params.id);
    if (!request) return void res.status(404).json({ error: 'unknown request' });
    res.json(request);
  });

  router.post('/sessions/:id/:action', (req, res) => {
    const request = ctx.requests.get(req.params.id);
    if (!request) return void res.status(404).json({ error: 'unknown request' });
    const transition = Object.hasOwn(TRANSITIONS, req.params.action)
      ? TRANSITIONS[req.params.action]
      : undefined;
    if (!transition) {
      return void res.status(404).json({ error: 'unknown action', actions: Object.keys(TRANSITIONS) });
    }
    const parsed = actionBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    if (!transition.from.includes(request.state)) {
      return void res
        .status(409)
        .json({ error: `cannot ${req.params.action} a request that is ${request.state}` });
    }
    request.state = transition.to;
    if (transition.postback) sendPostback(ctx, request, transition.postback, parsed.data);
    res.json(request);
  });
  return router;
}
