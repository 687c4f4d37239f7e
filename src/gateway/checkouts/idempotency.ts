// The merchant's Idempotency-Key on POST /checkouts and POST /checkouts/:id/cancel,
// alongside the order id (the natural key, which still holds without a header). The key
// is scoped to the API key that sent it and bound to the route and a fingerprint of the
// body: the same key for another request is a 409, a repeat of an answered request gets
// the first answer again (the route marks it `Idempotent-Replayed: true`). The keys live
// in the order store.
import { createHash } from 'node:crypto';
import type express from 'express';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import type { IdempotencyClaim } from '../../store';
import { presentedApiKey } from '../auth';
import type { ResolvedDeps } from '../deps';
import { HttpError } from '../errors';
import { requestFingerprint } from '../payments/idempotency';
import { idempotencyKeySchema } from '../payments/schema';

export interface Answer {
  status: number;
  body: unknown;
}

/** A digest of the API key: the store never holds a key, only which key a claim belongs to. */
function scopeOf(req: express.Request): string {
  return createHash('sha256')
    .update(`idempotency-scope\n${presentedApiKey(req) ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

function headerKey(req: express.Request): string | undefined {
  const header = req.get('idempotency-key');
  if (header === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header, { errorMap: valueFreeErrorMap });
  if (!parsed.success) {
    throw new HttpError(
      400,
      'invalid_idempotency_key',
      'the Idempotency-Key header is invalid',
      safeIssues(parsed.error),
    );
  }
  return parsed.data;
}

/**
 * Carries out `run` at most once per (API key, Idempotency-Key) and answers. Refusals
 * (errors thrown by run) are not kept: they changed nothing, so a repeat runs again.
 */
export async function answerIdempotently(
  deps: ResolvedDeps,
  req: express.Request,
  route: string,
  body: unknown,
  run: () => Promise<Answer>,
): Promise<{ answer: Answer; replayed: boolean }> {
  const key = headerKey(req);
  if (key === undefined) return { answer: await run(), replayed: false };
  const store = deps.store;
  if (!store) {
    throw new HttpError(
      501,
      'idempotency_unavailable',
      'this gateway has no order store to keep Idempotency-Keys',
    );
  }
  const claim: IdempotencyClaim = {
    scope: scopeOf(req),
    key,
    route,
    requestHash: requestFingerprint(route, body),
  };
  const claimed = await store.claimIdempotencyKey(claim);
  if (claimed.kind === 'reused') {
    throw new HttpError(
      409,
      'idempotency_key_reused',
      'this Idempotency-Key was used for a different request; use a new key for a new request',
    );
  }
  if (claimed.kind === 'answered') return { answer: claimed.answer, replayed: true };
  const answer = await run();
  await store.saveIdempotentAnswer(claim, answer);
  return { answer, replayed: false };
}

/** Sends the answer, marking one given again for a repeated key. */
export function sendAnswer(res: express.Response, result: { answer: Answer; replayed: boolean }): void {
  if (result.replayed) res.set('Idempotent-Replayed', 'true');
  res.status(result.answer.status).json(result.answer.body);
}
