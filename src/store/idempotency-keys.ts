// Merchant Idempotency-Keys: the first request under a key claims it with its route and
// body fingerprint (one INSERT … ON CONFLICT DO NOTHING, so two racing requests cannot
// both claim it), and its success answer is kept for repeats. Only successes are kept:
// a refusal changed nothing, so repeating the request is safe and may succeed later.
import { z } from 'zod';
import type { SqlDriver } from './driver';
import { toJsonText } from './json';
import { parseInput } from './schemas';
import type { OrderStore } from './types';
import type { IdempotencyClaimResult } from './idempotency-types';

const claimSchema = z.object({
  scope: z.string().min(1).max(128),
  key: z.string().min(1).max(255),
  route: z.string().min(1).max(300),
  requestHash: z.string().min(1).max(128),
});

const answerSchema = z.object({ status: z.number().int().min(200).max(299), body: z.unknown() });

interface KeyRow {
  route: string;
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

export function createIdempotencyKeys(
  driver: SqlDriver,
): Pick<OrderStore, 'claimIdempotencyKey' | 'saveIdempotentAnswer'> {
  return {
    async claimIdempotencyKey(raw): Promise<IdempotencyClaimResult> {
      const claim = parseInput('claimIdempotencyKey', claimSchema, raw);
      const inserted = await driver.query<{ scope: string }>(
        `INSERT INTO idempotency_keys (scope, idempotency_key, route, request_hash)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope, idempotency_key) DO NOTHING
         RETURNING scope`,
        [claim.scope, claim.key, claim.route, claim.requestHash],
      );
      if (inserted.rows.length > 0) return { kind: 'claimed' };
      const existing = await driver.query<KeyRow>(
        `SELECT route, request_hash, response_status, response_body FROM idempotency_keys
         WHERE scope = $1 AND idempotency_key = $2`,
        [claim.scope, claim.key],
      );
      const row = existing.rows[0];
      if (!row) throw new Error('idempotency key neither inserted nor found');
      if (row.route !== claim.route || row.request_hash !== claim.requestHash) return { kind: 'reused' };
      if (row.response_status === null) return { kind: 'pending' };
      const body = typeof row.response_body === 'string' ? JSON.parse(row.response_body) : row.response_body;
      return { kind: 'answered', answer: { status: row.response_status, body: body as unknown } };
    },

    async saveIdempotentAnswer(rawClaim, rawAnswer) {
      const claim = parseInput('saveIdempotentAnswer', claimSchema, rawClaim);
      const answer = parseInput('saveIdempotentAnswer', answerSchema, rawAnswer);
      await driver.query(
        `UPDATE idempotency_keys SET response_status = $5, response_body = $6::jsonb
         WHERE scope = $1 AND idempotency_key = $2 AND route = $3 AND request_hash = $4
           AND response_status IS NULL`,
        [
          claim.scope,
          claim.key,
          claim.route,
          claim.requestHash,
          answer.status,
          toJsonText('saveIdempotentAnswer', answer.body),
        ],
      );
    },
  };
}
