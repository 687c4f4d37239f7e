// How much unauthenticated input may reach Temporal. Anyone can send an unsigned notice or
// a browser return naming any checkout; each may ask for a poll or leave a record, but a
// flood of them must not exhaust a checkout's signals or fill Temporal with record
// workflows. Token buckets per key, in this process's memory: G gateways let through at
// most G times the bound, which stays safe because the workflow coalesces hints, spaces
// the polls they trigger and continues as new on its signal count.

export interface BucketLimits {
  /** Taken at once by a key not seen for a while. */
  burst: number;
  /** One more token after each of these. */
  refillEveryMs: number;
  /** Keys remembered; the least recently used is forgotten first (bounded memory). */
  maxKeys: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Over any T ms, one key gets at most `burst + T / refillEveryMs` tokens while it is remembered. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly limits: BucketLimits,
    private readonly nowMs: () => number,
  ) {}

  /** False only for a key known to be empty now: a refusal that costs no call to Temporal. */
  mayTake(key: string): boolean {
    const bucket = this.buckets.get(key);
    return bucket === undefined || this.refilled(bucket, this.nowMs()) >= 1;
  }

  take(key: string): boolean {
    const nowMs = this.nowMs();
    const known = this.buckets.get(key);
    const tokens = known === undefined ? this.limits.burst : this.refilled(known, nowMs);
    // Re-inserting moves the key to the end of the Map's order: the most recently used.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens >= 1 ? tokens - 1 : tokens, atMs: nowMs });
    if (this.buckets.size > this.limits.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    return tokens >= 1;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket, nowMs: number): number {
    const earned = Math.max(0, nowMs - bucket.atMs) / this.limits.refillEveryMs;
    return Math.min(this.limits.burst, bucket.tokens + earned);
  }
}

export interface InboundBudget {
  /** By checkout id: poll hints, and records of browser returns for a closed checkout. */
  perCheckout: TokenBuckets;
  /** By provider and reference: visibility look-ups, and records for an unknown checkout. */
  perReference: TokenBuckets;
  /**
   * By provider: all look-ups for hints, whatever they name. Made-up references would
   * otherwise spend Temporal's visibility rate (`frontend.namespaceRPS.visibility`, 10
   * requests/s per namespace and frontend by default).
   */
  lookupsPerProvider: TokenBuckets;
  /** By provider: all records of browser returns for unknown checkouts, whatever they name. */
  unknownPerProvider: TokenBuckets;
}

export type InboundBudgetLimits = Record<keyof InboundBudget, BucketLimits>;

/** The bound the README states: per checkout and gateway, 5 at once, then one per 10 s. */
export const INBOUND_BUDGET_LIMITS: InboundBudgetLimits = {
  perCheckout: { burst: 5, refillEveryMs: 10_000, maxKeys: 10_000 },
  perReference: { burst: 3, refillEveryMs: 30_000, maxKeys: 10_000 },
  lookupsPerProvider: { burst: 10, refillEveryMs: 2_000, maxKeys: 16 },
  unknownPerProvider: { burst: 20, refillEveryMs: 2_000, maxKeys: 16 },
};

export function createInboundBudget(
  nowMs: () => number,
  limits: InboundBudgetLimits = INBOUND_BUDGET_LIMITS,
): InboundBudget {
  return {
    perCheckout: new TokenBuckets(limits.perCheckout, nowMs),
    perReference: new TokenBuckets(limits.perReference, nowMs),
    lookupsPerProvider: new TokenBuckets(limits.lookupsPerProvider, nowMs),
    unknownPerProvider: new TokenBuckets(limits.unknownPerProvider, nowMs),
  };
}

/**
 * A token from a key's own bucket and from a bucket shared by many keys (a provider's).
 * The shared one is checked first, so a flood past it leaves no new keys in memory.
 */
export function takeWithin(
  shared: TokenBuckets,
  sharedKey: string,
  own: TokenBuckets,
  ownKey: string,
): boolean {
  return shared.mayTake(sharedKey) && own.take(ownKey) && shared.take(sharedKey);
}

export function referenceKey(provider: string, reference: string): string {
  return `${provider}\u0000${reference}`;
}
