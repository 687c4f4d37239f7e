// Ecomtrade24's webhook signature: hex HMAC-SHA256 of the raw body with the merchant
// webhook secret, in X-Signature, X-Ecomtrade24-Signature or X-Webhook-Signature,
// optionally prefixed `sha256=`.
import { constantTimeEqual, hmacSha256 } from '../crypto';

/** In the order they are looked for; the first one present is used. */
export const ECOMTRADE24_SIGNATURE_HEADERS = [
  'x-signature',
  'x-ecomtrade24-signature',
  'x-webhook-signature',
] as const;

export function signWebhook(secret: string, rawBody: Buffer | string): string {
  return hmacSha256(secret, Buffer.from(rawBody), 'hex');
}

export function findSignature(headers: Record<string, string | undefined>): string | undefined {
  for (const name of ECOMTRADE24_SIGNATURE_HEADERS) {
    const value = headers[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Constant time after the prefix is stripped; a truncated signature differs in length and fails. */
export function isValidWebhookSignature(secret: string, rawBody: Buffer, signature: string): boolean {
  const digest = signature.replace(/^sha256=/i, '').toLowerCase();
  return constantTimeEqual(signWebhook(secret, rawBody), digest);
}
