// The merchant's Idempotency-Key becomes the payment Update's ID. A fingerprint of the
// operation and its body goes into that ID too, so the same key for another request is
// a different Update, which the workflow refuses (409) instead of answering it with the
// first request's result.
import { createHash, randomUUID } from 'node:crypto';
import type express from 'express';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import { merchantUpdateId } from '../../../workflows/payment/idempotency';
import { HttpError } from '../errors';
import { idempotencyKeySchema } from './schema';

/** JSON with sorted keys: the same request always has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestFingerprint(operation: string, body: unknown): string {
  return createHash('sha256')
    .update(`${operation}\n${canonical(body)}`)
    .digest('hex')
    .slice(0, 32);
}

/** The Update ID for this request: the merchant's key when it sent one, else a fresh id. */
export function updateIdFor(req: express.Request, operation: string, body: unknown): string {
  const header = req.get('idempotency-key');
  if (header === undefined) return randomUUID();
  const parsed = idempotencyKeySchema.safeParse(header, { errorMap: valueFreeErrorMap });
  if (!parsed.success)
    throw new HttpError(
      400,
      'invalid_idempotency_key',
      'the Idempotency-Key header is invalid',
      safeIssues(parsed.error),
    );
  return merchantUpdateId(parsed.data, requestFingerprint(operation, body));
}
