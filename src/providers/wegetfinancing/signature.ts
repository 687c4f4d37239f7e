// The postback signature from WeGetFinancing's own shop plugin: lowercase hex SHA-256
// (a plain hash, not an HMAC) of timestamp + API username + raw body + API password,
// sent in `x-signature` with the unix-seconds timestamp in `x-timestamp`.
import { constantTimeEqual, sha256Hex } from '../crypto';
import { VerificationError } from '../errors';

export interface SignatureSecrets {
  username: string;
  password: string;
}

export function signPostback(secrets: SignatureSecrets, timestamp: string, rawBody: Buffer | string): string {
  return sha256Hex(timestamp, secrets.username, Buffer.from(rawBody), secrets.password);
}

export interface VerifyPostbackInput {
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  receivedAt: Date;
  toleranceSeconds: number;
}

const UNIX_SECONDS = /^\d{1,12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Throws VerificationError unless the signature matches and the timestamp is fresh. */
export function verifyPostback(secrets: SignatureSecrets, input: VerifyPostbackInput): void {
  const fail = (detail: string): never => {
    throw new VerificationError('wegetfinancing', detail);
  };
  if (!input.signature) return fail('missing x-signature header');
  if (!input.timestamp) return fail('missing x-timestamp header');
  const timestamp = input.timestamp.trim();
  if (!UNIX_SECONDS.test(timestamp)) return fail('x-timestamp is not unix seconds');
  const provided = input.signature.trim().toLowerCase();
  // The length check happens before the constant-time compare; a short signature never matches.
  if (!SHA256_HEX.test(provided)) return fail('x-signature is not a SHA-256 hex digest');
  if (!constantTimeEqual(signPostback(secrets, timestamp, input.rawBody), provided)) {
    return fail('signature mismatch');
  }
  // Checked after the signature so that a stale-but-genuine postback is reported as stale.
  const skew = Math.floor(input.receivedAt.getTime() / 1000) - Number(timestamp);
  if (Math.abs(skew) > input.toleranceSeconds) {
    return fail(`timestamp outside tolerance (${skew}s from now)`);
  }
}
