// The simulated customer and lender: each action moves a request to a new state and,
// except for abandon, sends the v1.9 JSON postback signed like the real provider.
import type express from 'express';
import { z } from 'zod';
import { signPostback } from '../../providers/wegetfinancing/signature';
import { createSessionActionRouter, deliveryShapingSchema, type SessionAction } from '../control';
import type { SimulatedRequest, SimulatorContext } from './state';

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
type PostbackStatus = 'approved' | 'preapproved' | 'rejected' | 'refund';

function sendPostback(
  ctx: SimulatorContext,
  request: SimulatedRequest,
  status: PostbackStatus,
  body: ActionBody,
) {
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
  const open = ['pending', 'abandoned', 'preapproved'] as const;
  const move =
    (to: SimulatedRequest['state'], postback?: PostbackStatus) => (r: SimulatedRequest, b: ActionBody) => {
      r.state = to;
      if (postback) sendPostback(ctx, r, postback, b);
    };
  const actions: Record<string, SessionAction<SimulatedRequest, ActionBody>> = {
    preapprove: { from: ['pending', 'abandoned'], apply: move('preapproved', 'preapproved') },
    approve: { from: open, apply: move('approved', 'approved') },
    decline: { from: open, apply: move('rejected', 'rejected') },
    // The customer closed the lightbox: no postback, and the application can still be finished.
    abandon: { from: ['pending'], apply: move('abandoned') },
    refund: { from: ['approved'], apply: move('refund', 'refund') },
  };
  return createSessionActionRouter({ sessions: ctx.requests, bodySchema: actionBodySchema, actions });
}
