// Provider messages built by hand, signed (or deliberately mis-signed) with the
// providers' own formulas, for the receivers under test.
import type { BoundCallback } from '../../../src/gateway/callback-binding';
import { bindCallbackUrl, derivedCallbackSecret } from '../../../src/gateway/callback-binding';
import { signWebhook } from '../../../src/providers/iwocapay';
import { signPostback } from '../../../src/providers/wegetfinancing';
import { wipayResultHash } from '../../../src/providers/wipay';
import { API_KEY } from './harness';
import { SECRETS } from './sandboxes';

export interface SignedMessage {
  headers: Record<string, string>;
  body: string;
}

export function nowSeconds(offsetSeconds = 0): string {
  return String(Math.floor(Date.now() / 1000) + offsetSeconds);
}

export function wgfPostback(
  payload: Record<string, unknown>,
  options: { timestamp?: string; password?: string; username?: string } = {},
): SignedMessage {
  const body = JSON.stringify({ version: '1.9', ...payload });
  const timestamp = options.timestamp ?? nowSeconds();
  const secrets = {
    username: options.username ?? SECRETS.wgf.username,
    password: options.password ?? SECRETS.wgf.password,
  };
  return {
    headers: {
      'content-type': 'application/json',
      'x-timestamp': timestamp,
      'x-signature': signPostback(secrets, timestamp, body),
    },
    body,
  };
}

export function iwocapayWebhook(
  data: Record<string, unknown>,
  token: string | null = SECRETS.iwocapay.accessToken,
): SignedMessage {
  const body = JSON.stringify({ data: { event_type: 'ORDER_STATUS_CHANGED', ...data } });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['x-iwocapay-hmac-sha256'] = signWebhook(token, body);
  return { headers, body };
}

/**
 * A WiPay result query as the browser brings it: our binding of the response_url
 * (checkout_id, requested_total, callback_sig, signed with the harness gateway's key),
 * then WiPay's params with `hash` over transaction_id + the requested total (or the
 * fields' total when unbound); `hash: false` leaves it out, as WiPay does on failures.
 */
export function wipayQuery(
  fields: Record<string, string>,
  options: { bound?: BoundCallback; apiKey?: string; hash?: boolean } = {},
): string {
  const base = 'http://gateway.invalid/webhooks/wipay';
  const url = new URL(
    options.bound ? bindCallbackUrl(base, derivedCallbackSecret(API_KEY), options.bound) : base,
  );
  const params = { ...fields };
  if (options.hash !== false) {
    const requestedTotal = options.bound?.amount ?? fields.total ?? '';
    const apiKey = options.apiKey ?? SECRETS.wipay.apiKey;
    params.hash = wipayResultHash(fields.transaction_id ?? '', requestedTotal, apiKey);
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.search.slice(1);
}

/** Affirm's return to user_confirmation_url: our bound URL plus the checkout_token Affirm appends. */
export function affirmConfirmationQuery(checkoutId: string, checkoutToken: string): string {
  const url = new URL(
    bindCallbackUrl('http://gateway.invalid/webhooks/affirm/confirm', derivedCallbackSecret(API_KEY), {
      checkoutId,
    }),
  );
  url.searchParams.append('checkout_token', checkoutToken);
  return url.search.slice(1);
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function affirmWebhook(
  fields: Record<string, string>,
  credentials: { user: string; password: string } | null = SECRETS.affirmWebhook,
): SignedMessage {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (credentials) headers.authorization = basicAuth(credentials.user, credentials.password);
  return { headers, body: new URLSearchParams(fields).toString() };
}

/** Affirm's timestamp format: UTC without a zone, microseconds. */
export function affirmTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}.000000`;
}
