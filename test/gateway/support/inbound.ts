// Provider messages built by hand, signed (or deliberately mis-signed) with the
// providers' own formulas, for the receivers under test.
import { signWebhook } from '../../../src/providers/iwocapay';
import { signPostback } from '../../../src/providers/wegetfinancing';
import { wipayResultHash } from '../../../src/providers/wipay';
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
  options: { timestamp?: string; password?: string } = {},
): SignedMessage {
  const body = JSON.stringify({ version: '1.9', ...payload });
  const timestamp = options.timestamp ?? nowSeconds();
  const secrets = { username: SECRETS.wgf.username, password: options.password ?? SECRETS.wgf.password };
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

export function wipayQuery(fields: Record<string, string>, apiKey: string = SECRETS.wipay.apiKey): string {
  const transactionId = fields.transaction_id ?? '';
  const total = fields.total ?? '';
  const params = new URLSearchParams({ ...fields, hash: wipayResultHash(transactionId, total, apiKey) });
  return params.toString();
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
