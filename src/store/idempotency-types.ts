// The vocabulary of merchant Idempotency-Keys (idempotency-keys.ts).

/** One merchant request under a key: who sent it, where, and a fingerprint of what. */
export interface IdempotencyClaim {
  /** A digest of the API key that sent it: keys of one merchant never meet another's. */
  scope: string;
  key: string;
  /** Method and path, e.g. `POST /checkouts` */
  route: string;
  /** Fingerprint of the body (sorted-key JSON, hashed) */
  requestHash: string;
}

export interface IdempotentAnswer {
  status: number;
  body: unknown;
}

export type IdempotencyClaimResult =
  /** First use of the key: carry the request out, then save its answer. */
  | { kind: 'claimed' }
  /** Same request seen before, not answered yet (in flight, or it failed): carry it out again. */
  | { kind: 'pending' }
  /** Same request answered before: give that answer again. */
  | { kind: 'answered'; answer: IdempotentAnswer }
  /** The key was used for another route or body. */
  | { kind: 'reused' };
