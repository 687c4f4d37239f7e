// iwocaPay's signature, on webhooks and on its GET order answers alike: header
// X-Iwocapay-Hmac-Sha256 carries the base64 HMAC-SHA256 of the raw body, keyed with the
// supplier's access token.
import { constantTimeEqual, hmacSha256 } from '../crypto';

export const IWOCAPAY_SIGNATURE_HEADER = 'x-iwocapay-hmac-sha256';

export function signWebhook(accessToken: string, rawBody: Buffer | string): string {
  return hmacSha256(accessToken, Buffer.from(rawBody), 'base64');
}

/**
 * Constant time; a truncated or padded signature differs in length and never matches.
 * A missing or blank header never matches either.
 */
export function isValidSignature(accessToken: string, rawBody: Buffer, signature: string | null | undefined) {
  if (!signature?.trim()) return false;
  return constantTimeEqual(signWebhook(accessToken, rawBody), signature.trim());
}
