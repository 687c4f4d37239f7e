// The token buckets behind the inbound budget, on an injected clock: the bound per key,
// its refill, and memory that stays bounded however many keys arrive.
import { TokenBuckets, createInboundBudget, takeWithin } from '../../src/gateway/inbound/hint-budget';

function clock(startMs = 1_000_000) {
  const state = { nowMs: startMs };
  return { nowMs: () => state.nowMs, advance: (ms: number) => (state.nowMs += ms) };
}

function takes(buckets: TokenBuckets, key: string, times: number): number {
  let taken = 0;
  for (let i = 0; i < times; i += 1) if (buckets.take(key)) taken += 1;
  return taken;
}

describe('TokenBuckets', () => {
  it('gives a new key its burst, then nothing until the clock moves', () => {
    const time = clock();
    const buckets = new TokenBuckets({ burst: 5, refillEveryMs: 10_000, maxKeys: 100 }, time.nowMs);
    expect(buckets.mayTake('a')).toBe(true);
    expect(takes(buckets, 'a', 50)).toBe(5);
    expect(buckets.mayTake('a')).toBe(false);
    // Another key has its own bucket.
    expect(takes(buckets, 'b', 50)).toBe(5);
  });

  it('refills one token per interval, never beyond the burst', () => {
    const time = clock();
    const buckets = new TokenBuckets({ burst: 5, refillEveryMs: 10_000, maxKeys: 100 }, time.nowMs);
    takes(buckets, 'a', 5);
    time.advance(9_999);
    expect(buckets.take('a')).toBe(false);
    time.advance(1);
    expect(buckets.mayTake('a')).toBe(true);
    expect(takes(buckets, 'a', 10)).toBe(1);
    time.advance(10 * 60_000);
    expect(takes(buckets, 'a', 50)).toBe(5);
  });

  it('lets through at most burst + elapsed / interval over a steady flood', () => {
    const time = clock();
    const buckets = new TokenBuckets({ burst: 5, refillEveryMs: 10_000, maxKeys: 100 }, time.nowMs);
    let taken = 0;
    // 2,000 attempts, one every 50 ms: 100 s in all.
    for (let i = 0; i < 2_000; i += 1) {
      if (buckets.take('a')) taken += 1;
      time.advance(50);
    }
    expect(taken).toBe(5 + Math.floor((2_000 * 50) / 10_000) - 1);
  });

  it('remembers at most maxKeys, forgetting the least recently used', () => {
    const time = clock();
    const buckets = new TokenBuckets({ burst: 1, refillEveryMs: 60_000, maxKeys: 3 }, time.nowMs);
    for (const key of ['a', 'b', 'c']) buckets.take(key);
    buckets.take('a'); // refused, but 'a' is now the most recently used
    buckets.take('d'); // forgets 'b'
    expect(buckets.size).toBe(3);
    expect(buckets.mayTake('a')).toBe(false);
    expect(buckets.mayTake('c')).toBe(false);
    expect(buckets.mayTake('b')).toBe(true);
    for (let i = 0; i < 1_000; i += 1) buckets.take(`flood-${i}`);
    expect(buckets.size).toBe(3);
  });
});

describe('createInboundBudget', () => {
  it('keeps checkouts, references and providers in separate buckets', () => {
    const time = clock();
    const budget = createInboundBudget(time.nowMs, {
      perCheckout: { burst: 1, refillEveryMs: 1_000, maxKeys: 10 },
      perReference: { burst: 1, refillEveryMs: 1_000, maxKeys: 10 },
      lookupsPerProvider: { burst: 1, refillEveryMs: 1_000, maxKeys: 10 },
      unknownPerProvider: { burst: 1, refillEveryMs: 1_000, maxKeys: 10 },
    });
    expect(budget.perCheckout.take('x')).toBe(true);
    expect(budget.perReference.take('x')).toBe(true);
    expect(budget.lookupsPerProvider.take('x')).toBe(true);
    expect(budget.unknownPerProvider.take('x')).toBe(true);
    expect(budget.perCheckout.take('x')).toBe(false);
  });
});

describe('takeWithin', () => {
  it('needs a token from both buckets, and a refused shared bucket remembers no new key', () => {
    const time = clock();
    const shared = new TokenBuckets({ burst: 3, refillEveryMs: 60_000, maxKeys: 10 }, time.nowMs);
    const own = new TokenBuckets({ burst: 2, refillEveryMs: 60_000, maxKeys: 1_000 }, time.nowMs);
    expect(takeWithin(shared, 'p', own, 'a')).toBe(true);
    expect(takeWithin(shared, 'p', own, 'a')).toBe(true);
    // 'a' is spent; its refusal costs the shared bucket nothing.
    expect(takeWithin(shared, 'p', own, 'a')).toBe(false);
    expect(takeWithin(shared, 'p', own, 'b')).toBe(true);
    // The shared bucket is spent: made-up keys are refused before they are remembered.
    for (let i = 0; i < 100; i += 1) expect(takeWithin(shared, 'p', own, `made-up-${i}`)).toBe(false);
    expect(own.size).toBe(2);
  });
});
