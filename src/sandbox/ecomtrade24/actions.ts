// The simulated buyer: each action settles a pending session and sends the
// `payment.session` webhook, HMAC-signed with the merchant's webhook secret.
import type express from 'express';
import { z } from 'zod';
import { signWebhook } from '../../providers/ecomtrade24/signature';
import { createSessionActionRouter, deliveryShapingSchema, type SessionAction } from '../control';
import { currentState } from './api';
import type { SessionStatus, SimulatedSession, SimulatorContext } from './state';

const actionBodySchema = z
  .object({
    delivery: deliveryShapingSchema.optional(),
    /** Override the simulator's header choice for this webhook. */
    signatureHeader: z.enum(['X-Signature', 'X-Ecomtrade24-Signature', 'X-Webhook-Signature']).optional(),
    signaturePrefix: z.boolean().optional(),
    /** Send no signature header at all. */
    unsigned: z.boolean().optional(),
  })
  .strict();
type ActionBody = z.output<typeof actionBodySchema>;

function sendWebhook(ctx: SimulatorContext, session: SimulatedSession, body: ActionBody): void {
  session.webhooks.push(session.state);
  const url = ctx.options.webhookUrl;
  if (!url) return;
  const payload = JSON.stringify({
    event: 'payment.session',
    session_id: session.sessionId,
    order_id: session.orderId,
    status: session.state,
    amount: session.amount,
    currency: session.currency,
  });
  const shaping = ctx.shaping.take(body.delivery);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!body.unsigned) {
    const secret = shaping.badSignature ? `${ctx.options.webhookSecret}-wrong` : ctx.options.webhookSecret;
    const digest = signWebhook(secret, payload);
    const prefixed = body.signaturePrefix ?? ctx.options.signaturePrefix ?? false;
    headers[body.signatureHeader ?? ctx.options.signatureHeader ?? 'X-Signature'] = prefixed
      ? `sha256=${digest}`
      : digest;
  }
  ctx.deliverer.send({ url, method: 'POST', headers, body: payload }, shaping);
}

export function createActionRouter(ctx: SimulatorContext): express.Router {
  const settle = (to: SessionStatus) => (session: SimulatedSession, body: ActionBody) => {
    session.state = to;
    sendWebhook(ctx, session, body);
  };
  const actions: Record<string, SessionAction<SimulatedSession, ActionBody>> = {
    approve: { from: ['pending'], apply: settle('paid') },
    decline: { from: ['pending'], apply: settle('declined') },
    fail: { from: ['pending'], apply: settle('failed') },
    cancel: { from: ['pending'], apply: settle('cancelled') },
    expire: { from: ['pending'], apply: settle('expired') },
    // The buyer closed the page: nothing is sent, the session stays pending until it expires.
    abandon: { from: ['pending'], apply: () => undefined },
  };
  // Lazy expiry first, so an action on a session past its expiry answers 409.
  const sessions = {
    get: (id: string) => {
      const session = ctx.sessions.get(id);
      if (session) currentState(ctx, session);
      return session;
    },
  };
  return createSessionActionRouter({ sessions, bodySchema: actionBodySchema, actions });
}
