// The simulated customer: each action moves an order to a new status and sends the
// webhook, in the current signed shape or the seed's older unsigned one.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import { z } from 'zod';
import { toJsonNumber } from '../../money';
import { signWebhook } from '../../providers/iwocapay/signature';
import { createSessionActionRouter, deliveryShapingSchema, type SessionAction } from '../control';
import type { OrderStatus, SimulatedOrder, SimulatorContext, WebhookShape } from './state';

const actionBodySchema = z
  .object({
    delivery: deliveryShapingSchema.optional(),
    /** Overrides the simulator's webhookShape for this one webhook. */
    shape: z.enum(['current', 'legacy']).optional(),
  })
  .strict();
type ActionBody = z.output<typeof actionBodySchema>;

function webhookBody(order: SimulatedOrder, shape: WebhookShape): string {
  const amount = toJsonNumber(order.amount);
  if (shape === 'legacy') {
    const data = {
      order_id: order.legacyId,
      pay_link_id: order.payLinkId,
      amount,
      reference: order.reference,
    };
    return JSON.stringify({ data: { ...data, status: order.state } });
  }
  return JSON.stringify({
    data: {
      webhook_id: randomUUID(),
      event_type: 'ORDER_STATUS_CHANGED',
      order_id: order.id,
      amount,
      reference: order.reference,
      status: order.state,
    },
  });
}

export function sendWebhook(ctx: SimulatorContext, order: SimulatedOrder, body: ActionBody): void {
  order.webhooks.push(order.state);
  if (!order.webhookUrl) return;
  const shape = body.shape ?? ctx.options.webhookShape ?? 'current';
  const payload = webhookBody(order, shape);
  const shaping = ctx.shaping.take(body.delivery);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // The older shape was never signed; the current one is signed with the access token.
  if (shape === 'current') {
    const key = shaping.badSignature ? `${ctx.options.accessToken}-wrong` : ctx.options.accessToken;
    headers['x-iwocapay-hmac-sha256'] = signWebhook(key, payload);
  }
  ctx.deliverer.send({ url: order.webhookUrl, method: 'POST', headers, body: payload }, shaping);
}

export function createActionRouter(ctx: SimulatorContext): express.Router {
  const open: OrderStatus[] = ['CREATED', 'PENDING', 'APPROVED'];
  const move = (to: OrderStatus) => (order: SimulatedOrder, body: ActionBody) => {
    order.state = to;
    sendWebhook(ctx, order, body);
  };
  const actions: Record<string, SessionAction<SimulatedOrder, ActionBody>> = {
    // Finishing later: start (PENDING), credit approval (APPROVED), then approve or decline.
    start: { from: ['CREATED'], apply: move('PENDING') },
    approveCredit: { from: ['CREATED', 'PENDING'], apply: move('APPROVED') },
    approve: { from: open, apply: move('SUCCESSFUL') },
    decline: { from: open, apply: move('UNSUCCESSFUL') },
    // The customer went back to the shop: iwocaPay sends nothing and the order stays open.
    abandon: { from: open, apply: () => undefined },
  };
  return createSessionActionRouter({ sessions: ctx.orders, bodySchema: actionBodySchema, actions });
}
