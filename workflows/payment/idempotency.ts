// The merchant's Idempotency-Key, carried as the Update ID. Temporal answers a repeated
// Update ID within a run with the first Update's outcome; this map keeps the answers
// across continue-as-new too, and refuses a key reused for a different request (the
// gateway puts a fingerprint of the operation and its body into the ID).
import { PAYMENT_REFUSALS } from './contract';
import { refuse } from './ledger';

const PREFIX = 'idem';

export interface MerchantKey {
  key: string;
  fingerprint: string;
}

export interface KeyedAnswer {
  fingerprint: string;
  /** The first answer, once it exists; absent while that request is being carried out. */
  result?: unknown;
}

export type KeyedAnswers = Record<string, KeyedAnswer>;

/** The Update ID the gateway sends for a merchant request: `idem:<fingerprint>:<key>`. */
export function merchantUpdateId(key: string, fingerprint: string): string {
  return `${PREFIX}:${fingerprint}:${key}`;
}

export function merchantKeyOf(updateId: string | undefined): MerchantKey | undefined {
  const match = updateId === undefined ? null : /^idem:([0-9a-f]{8,64}):(.+)$/s.exec(updateId);
  return match ? { fingerprint: match[1] as string, key: match[2] as string } : undefined;
}

/** Validator side: a key already used for another request is refused. */
export function checkKey(answers: KeyedAnswers, merchantKey: MerchantKey | undefined): void {
  if (!merchantKey) return;
  const known = answers[merchantKey.key];
  if (known && known.fingerprint !== merchantKey.fingerprint)
    refuse(PAYMENT_REFUSALS.conflict, 'this Idempotency-Key was used for another request');
}
