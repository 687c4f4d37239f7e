import { nextAuthorizationRetry } from '../../../workflows/authorization-retry';
import type { PendingAuthorization } from '../../../workflows/contract';
import { PROVIDER_POLICIES } from '../../../workflows/policies';

const retry = PROVIDER_POLICIES.affirm.authorizeRetry ?? { initialMs: 0, maxMs: 0 };
const NOW = Date.parse('2026-03-01T10:00:00.000Z');
const DAY = 24 * 3_600_000;

function failedAt(nowMs: number, previous?: PendingAuthorization, token = 'TOKEN') {
  return nextAuthorizationRetry(retry, previous, {
    checkoutToken: token,
    source: 'webhook',
    nowMs,
    tokenExpiresAtMs: NOW + DAY,
  });
}

describe('nextAuthorizationRetry (Affirm: 30 s doubling to 10 min, while the token lives)', () => {
  it('doubles the wait after each failure of the same token, up to the ceiling', () => {
    const delays: number[] = [];
    let pending: PendingAuthorization | undefined;
    let now = NOW;
    for (let i = 0; i < 8; i++) {
      pending = failedAt(now, pending);
      const at = Date.parse(pending?.retryAt ?? '');
      delays.push((at - now) / 1000);
      now = at;
    }
    expect(delays).toEqual([30, 60, 120, 240, 480, 600, 600, 600]);
    expect(pending?.failures).toBe(8);
  });

  it('starts over for another token', () => {
    const first = failedAt(NOW);
    const second = failedAt(NOW + 30_000, first);
    expect(failedAt(NOW + 90_000, second, 'OTHER')).toEqual({
      checkoutToken: 'OTHER',
      source: 'webhook',
      failures: 1,
      retryAt: new Date(NOW + 120_000).toISOString(),
    });
  });

  it('schedules nothing that would fall at or after the token expires', () => {
    expect(failedAt(NOW + DAY - 30_000)).toBeUndefined();
    expect(failedAt(NOW + DAY - 30_001)?.retryAt).toBe(new Date(NOW + DAY - 1).toISOString());
  });
});
