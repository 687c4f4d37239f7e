// Status-visibility webhooks as Affirm sends them (seed): POST, form-urlencoded, the
// Basic credentials taken from the agreed webhook URL. Affirm does not retry them.
import { basicAuth } from '../../providers/http';
import type { AffirmEvent } from '../../providers/affirm/status';
import type { DeliveryShaping } from '../delivery';
import type { SimulatedCheckout, SimulatorContext } from './state';
import { affirmTimestamp } from './state';

interface WebhookTarget {
  url: string;
  user?: string;
  password?: string;
}

/** fetch refuses URLs with credentials: move them into the header, as an HTTP client does. */
function webhookTarget(webhookUrl: string): WebhookTarget {
  const url = new URL(webhookUrl);
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = '';
  url.password = '';
  return { url: url.toString(), user, password };
}

export function sendWebhook(
  ctx: SimulatorContext,
  checkout: SimulatedCheckout,
  event: AffirmEvent,
  shaping: DeliveryShaping,
): void {
  checkout.events.push(event);
  if (!ctx.options.webhookUrl) return;
  const target = webhookTarget(ctx.options.webhookUrl);
  const fields: Record<string, string> = {
    checkout_token: checkout.id,
    event_timestamp: affirmTimestamp(ctx.now()),
    created: checkout.created,
    event,
  };
  // Affirm echoes order_id only when the checkout object carried one.
  if (checkout.orderId) fields.order_id = checkout.orderId;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (target.user !== undefined) {
    const password = shaping.badSignature ? `${target.password ?? ''}-wrong` : (target.password ?? '');
    headers.authorization = basicAuth(target.user, password);
  }
  ctx.deliverer.send(
    { url: target.url, method: 'POST', headers, body: new URLSearchParams(fields).toString() },
    shaping,
  );
}
