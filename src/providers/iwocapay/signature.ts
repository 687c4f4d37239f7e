// iwocaPay's webhook signature: header X-Iwocapay-Hmac-Sha256 carries the base64
// HMAC-SHA256 of the raw body, keyed with the supplier's access token.
import { constantTimeEqual, hmacSha256 } from '../crypto';

export const IWOCAPAY_SIGNATURE_HEADER = 'x-iwocapay-hmac-sha256';

export function signWebhook(accessToken: string, rawBody: Buffer | string): string {
  return hmacSha256(accessToken, Buffer.from(rawBody), 'base64');
}

/** Constant time; a truncated or padded signature differs in length and never matches. */
export function isValidWebhookSignature(accessToken: string, rawBody: Buffer, signature: string): boolean {
  return constantTimeEqual(signWebhook(accessToken, rawBody), signature.trim());
}
