// The simulated Affirm customer. Each action moves a checkout through Affirm's flow,
// sends the status-visibility webhooks that step produces, and, on confirmation,
// hands back (and optionally follows) the browser's return to user_confirmation_url.
import express from 'express';
import { z } from 'zod';
import type { AffirmEvent } from '../../providers/affirm/status';
import { AFFIRM_EVENTS } from '../../providers/affirm/status';
import { badControlRequest, deliveryShapingSchema } from '../control';
import type { CheckoutState, SimulatedCheckout, SimulatorContext } from './state';
import { isExpired } from './state';
import { sendWebhook } from './webhooks';

const actionBodySchema = z
  .object({
    /** Shaping for every webhook this action sends (else the queued /deliveries/next shaping). */
    delivery: deliveryShapingSchema.optional(),
    /** Shaping for one event's webhook, e.g. drop only `confirmed`. */
    deliveryByEvent: z.record(z.enum(AFFIRM_EVENTS), deliveryShapingSchema).optional(),
    /** Also perform the browser's GET (or POST) to the confirmation URL. */
    followRedirect: z.boolean().optional(),
    /** finish-later only: the decision is `more_information_needed` instead of `approved`. */
    moreInformation: z.boolean().optional(),
  })
  .strict();
type ActionBody = z.output<typeof actionBodySchema>;

const OPEN: readonly CheckoutState[] = ['created', 'approved', 'more_information_needed', 'abandoned'];

interface Step {
  from: readonly CheckoutState[];
  /** Events in order; `sent` goes out once per checkout, the first time the customer acts. */
  events: (checkout: SimulatedCheckout, body: ActionBody) => AffirmEvent[];
  to: (body: ActionBody) => CheckoutState;
  returns: 'confirmation' | 'cancel' | 'nothing';
}

const STEPS: Record<string, Step> = {
  approve: {
    from: OPEN,
    events: (c) => [...(c.events.includes('approved') ? [] : (['approved'] as const)), 'confirmed'],
    to: () => 'confirmed',
    returns: 'confirmation',
  },
  'finish-later': {
    from: ['created', 'abandoned'],
    events: (_c, body) => [body.moreInformation ? 'more_information_needed' : 'approved'],
    to: (body) => (body.moreInformation ? 'more_information_needed' : 'approved'),
    returns: 'nothing',
  },
  confirm: {
    from: ['approved'],
    events: () => ['confirmed'],
    to: () => 'confirmed',
    returns: 'confirmation',
  },
  decline: { from: OPEN, events: () => ['not_approved'], to: () => 'not_approved', returns: 'cancel' },
  abandon: { from: OPEN, events: () => [], to: () => 'abandoned', returns: 'cancel' },
};

export function createActionRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/sessions/:id', (req, res) => {
    const checkout = ctx.checkouts.get(req.params.id);
    if (!checkout) return void res.status(404).json({ error: 'unknown checkout' });
    res.json(checkout);
  });
  router.post('/sessions/:id/:action', (req, res, next) => {
    const step = Object.hasOwn(STEPS, req.params.action) ? STEPS[req.params.action] : undefined;
    const checkout = ctx.checkouts.get(req.params.id);
    if (!step)
      return void res.status(404).json({ error: `unknown action; use ${Object.keys(STEPS).join(', ')}` });
    if (!checkout) return void res.status(404).json({ error: 'unknown checkout' });
    const parsed = actionBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    if (isExpired(ctx, checkout))
      return void res.status(410).json({ error: 'checkout expired', state: checkout.state });
    if (!step.from.includes(checkout.state)) {
      return void res
        .status(409)
        .json({ error: `cannot ${req.params.action} a checkout in state ${checkout.state}` });
    }
    act(ctx, checkout, step, parsed.data).then((result) => res.json(result), next);
  });
  return router;
}

async function act(ctx: SimulatorContext, checkout: SimulatedCheckout, step: Step, body: ActionBody) {
  const events: AffirmEvent[] = [...(checkout.events.includes('sent') ? [] : (['sent'] as const))];
  events.push(...step.events(checkout, body));
  for (const event of events) {
    sendWebhook(ctx, checkout, event, body.deliveryByEvent?.[event] ?? ctx.shaping.take(body.delivery));
  }
  checkout.state = step.to(body);
  const base = { checkoutToken: checkout.id, state: checkout.state, webhooks: events };
  if (step.returns === 'cancel') return { ...base, cancelUrl: checkout.cancelUrl };
  if (step.returns === 'nothing') return base;
  const confirmationUrl = confirmationUrlOf(checkout);
  const redirect = body.followRedirect ? await followConfirmation(checkout, confirmationUrl) : undefined;
  return { ...base, confirmationUrl, redirect };
}

/** GET: the token rides in the query. POST: the browser posts it as a form field. */
function confirmationUrlOf(checkout: SimulatedCheckout): string {
  if (checkout.confirmationAction === 'POST') return checkout.confirmationUrl;
  const url = new URL(checkout.confirmationUrl);
  url.searchParams.set('checkout_token', checkout.id);
  return url.toString();
}

/** The browser's request, without following the merchant's own redirect after it. */
async function followConfirmation(checkout: SimulatedCheckout, url: string) {
  try {
    const response = await fetch(url, {
      method: checkout.confirmationAction,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      ...(checkout.confirmationAction === 'POST'
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ checkout_token: checkout.id }).toString(),
          }
        : {}),
    });
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get('location') ?? undefined };
  } catch {
    return { status: 'error' as const };
  }
}
