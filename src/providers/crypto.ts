// Constant-time comparison and the digests the providers' signature schemes use.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Compares two strings in constant time for equal lengths; a length mismatch is simply false. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

export function sha256Hex(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function hmacSha256(key: string, body: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', key).update(body).digest(encoding);
}
