// One signed POST of a merchant event (Standard Webhooks: webhook-id, webhook-timestamp,
// webhook-signature = v1,<base64 HMAC-SHA256 of "id.timestamp.body">). Redirects are
// never followed: a 3xx is a failed attempt, so an event never lands on another host.
// Nothing about the secret or the body is returned or logged; only the outcome's class.
import { Webhook } from 'standardwebhooks';
import type { MerchantWebhookConfig } from '../config/env';

export type AttemptErrorClass = 'httpStatus' | 'redirect' | 'timeout' | 'connection';

export interface SendOutcome {
  delivered: boolean;
  statusCode?: number;
  durationMs: number;
  errorClass?: AttemptErrorClass;
}

export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'checkout-orchestrator-webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

export async function sendSignedEvent(
  target: MerchantWebhookConfig,
  event: { id: string; body: string },
  options: { at: Date; timeoutMs: number },
): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: signedHeaders(target.secret, event.id, options.at, event.body),
      body: event.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // The answer's body means nothing to us; drop it without reading it.
    await response.body?.cancel().catch(() => undefined);
    const statusCode = response.status;
    if (statusCode >= 200 && statusCode < 300) return { delivered: true, statusCode, durationMs: elapsed() };
    const errorClass = statusCode >= 300 && statusCode < 400 ? 'redirect' : 'httpStatus';
    return { delivered: false, statusCode, durationMs: elapsed(), errorClass };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { delivered: false, durationMs: elapsed(), errorClass: timedOut ? 'timeout' : 'connection' };
  }
}
