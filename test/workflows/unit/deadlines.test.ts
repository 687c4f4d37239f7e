import type { DeadlineContext } from '../../../workflows/deadlines';
import {
  afterScheduledPoll,
  firstPollSchedule,
  latePaymentsEndMs,
  nextWake,
  sessionTimeoutAtMs,
  ttlAtMs,
  withFinalRead,
} from '../../../workflows/deadlines';
import { PROVIDER_POLICIES, timingFor } from '../../../workflows/policies';
import type { ProviderId } from '../../../workflows/domain';

const OPENED = Date.parse('2025-03-01T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function ctx(provider: ProviderId, extra: Partial<DeadlineContext> = {}): DeadlineContext {
  const timing = timingFor(provider);
  const policy = PROVIDER_POLICIES[provider];
  return {
    openedAtMs: OPENED,
    policy,
    timing,
    status: 'awaitingCustomer',
    avs: false,
    poll: policy.polls ? firstPollSchedule(OPENED, timing) : undefined,
    ...extra,
  };
}

describe('deadlines', () => {
  it('uses the policy TTL from the session opening', () => {
    expect(ttlAtMs(ctx('wegetfinancing'))).toBe(OPENED + 7 * 24 * HOUR);
    expect(ttlAtMs(ctx('iwocapay'))).toBe(OPENED + 72 * HOUR);
    expect(ttlAtMs(ctx('wipay'))).toBe(OPENED + 240 * MINUTE);
  });

  it("takes the provider's own expiry plus the grace when the policy says so", () => {
    const expiresAt = new Date(OPENED + 24 * HOUR).toISOString();
    expect(ttlAtMs(ctx('affirm', { sessionExpiresAt: expiresAt }))).toBe(OPENED + 25 * HOUR);
    expect(ttlAtMs(ctx('ecomtrade24', { sessionExpiresAt: expiresAt }))).toBe(OPENED + 25 * HOUR);
    expect(ttlAtMs(ctx('affirm'))).toBe(OPENED + 7 * 24 * HOUR);
    expect(ttlAtMs(ctx('affirm', { sessionExpiresAt: 'not a date' }))).toBe(OPENED + 7 * 24 * HOUR);
    // Providers without that rule ignore a reported expiry for the TTL.
    expect(ttlAtMs(ctx('iwocapay', { sessionExpiresAt: expiresAt }))).toBe(OPENED + 72 * HOUR);
  });

  it("ends no later than the merchant's expiresAt, and only sooner", () => {
    const soon = new Date(OPENED + 2 * HOUR).toISOString();
    expect(ttlAtMs(ctx('iwocapay', { merchantExpiresAt: soon }))).toBe(OPENED + 2 * HOUR);
    const sessionExpiresAt = new Date(OPENED + 24 * HOUR).toISOString();
    expect(ttlAtMs(ctx('affirm', { sessionExpiresAt, merchantExpiresAt: soon }))).toBe(OPENED + 2 * HOUR);
    // A later expiresAt never lengthens the provider's TTL; an unreadable one changes nothing.
    const later = new Date(OPENED + 100 * HOUR).toISOString();
    expect(ttlAtMs(ctx('iwocapay', { merchantExpiresAt: later }))).toBe(OPENED + 72 * HOUR);
    expect(ttlAtMs(ctx('wipay', { merchantExpiresAt: 'never' }))).toBe(OPENED + 240 * MINUTE);
  });

  it('times WiPay out at expiry + 30 s, with the longer AVS session, or from the reported expiry', () => {
    expect(sessionTimeoutAtMs(ctx('wipay'))).toBe(OPENED + 3 * MINUTE + 30_000);
    expect(sessionTimeoutAtMs(ctx('wipay', { avs: true }))).toBe(OPENED + 5 * MINUTE + 30_000);
    const expiresAt = new Date(OPENED + 4 * MINUTE).toISOString();
    expect(sessionTimeoutAtMs(ctx('wipay', { sessionExpiresAt: expiresAt }))).toBe(
      OPENED + 4 * MINUTE + 30_000,
    );
    expect(sessionTimeoutAtMs(ctx('iwocapay'))).toBeUndefined();
  });

  it('wakes for the earliest deadline', () => {
    expect(nextWake(ctx('wegetfinancing'))).toEqual({ kind: 'ttl', atMs: OPENED + 7 * 24 * HOUR });
    expect(nextWake(ctx('iwocapay'))).toEqual({ kind: 'poll', atMs: OPENED + MINUTE });
    expect(nextWake(ctx('wipay'))).toEqual({ kind: 'sessionTimeout', atMs: OPENED + 3 * MINUTE + 30_000 });
    // Once timed out, only the 240-minute window remains.
    expect(nextWake(ctx('wipay', { status: 'timedOut' }))).toEqual({
      kind: 'ttl',
      atMs: OPENED + 240 * MINUTE,
    });
  });

  it('prefers the TTL over a poll due at the same instant', () => {
    const poll = { nextPollAtMs: OPENED + 72 * HOUR, intervalMs: 15 * MINUTE };
    expect(nextWake(ctx('iwocapay', { poll }))?.kind).toBe('ttl');
  });

  it('gives a held checkout no deadline at all: no TTL, no poll, it waits for ops', () => {
    const poll = { nextPollAtMs: OPENED + MINUTE, intervalMs: MINUTE };
    for (const provider of ['wegetfinancing', 'iwocapay', 'wipay', 'ecomtrade24', 'affirm'] as const) {
      expect(nextWake(ctx(provider, { status: 'held', poll }))).toBeUndefined();
    }
  });

  it('doubles the poll interval up to the ceiling', () => {
    const timing = timingFor('iwocapay');
    let schedule = firstPollSchedule(OPENED, timing);
    const gaps: number[] = [];
    let now = schedule.nextPollAtMs;
    for (let i = 0; i < 6; i++) {
      schedule = afterScheduledPoll(schedule, now, timing);
      gaps.push((schedule.nextPollAtMs - now) / MINUTE);
      now = schedule.nextPollAtMs;
    }
    expect(gaps).toEqual([2, 4, 8, 15, 15, 15]);
  });
});

describe('withFinalRead (Affirm: one more read before the session expires)', () => {
  const schedule = { nextPollAtMs: OPENED + 4 * HOUR, intervalMs: 4 * HOUR };

  it('moves the next read forward to the final read while that is still ahead', () => {
    expect(withFinalRead(schedule, OPENED + HOUR, OPENED + 2 * HOUR)).toEqual({
      nextPollAtMs: OPENED + 2 * HOUR,
      intervalMs: 4 * HOUR,
    });
  });

  it('leaves the schedule alone once the final read is past, later than the next read, or unknown', () => {
    expect(withFinalRead(schedule, OPENED + 2 * HOUR, OPENED + 2 * HOUR)).toBe(schedule);
    expect(withFinalRead(schedule, OPENED + HOUR, OPENED + 5 * HOUR)).toBe(schedule);
    expect(withFinalRead(schedule, OPENED + HOUR, undefined)).toBe(schedule);
  });
});

describe('late payments: until when a cancelled checkout listens', () => {
  const DAY = 24 * HOUR;
  const end = (provider: ProviderId, decidedAtMs: number, sessionExpiresAt?: string) =>
    latePaymentsEndMs({
      openedAtMs: OPENED,
      decidedAtMs,
      sessionExpiresAt,
      window: PROVIDER_POLICIES[provider].latePayments,
    });

  it("uses the session's own expiry where the provider reports one (Affirm, Ecomtrade24), plus 1 h", () => {
    const expiresAt = new Date(OPENED + 3 * DAY).toISOString();
    expect(end('affirm', OPENED + MINUTE, expiresAt)).toBe(OPENED + 3 * DAY + HOUR);
    expect(end('ecomtrade24', OPENED + MINUTE, expiresAt)).toBe(OPENED + 3 * DAY + HOUR);
    // Without one: the documented default lifetime from the opening.
    expect(end('affirm', OPENED + MINUTE)).toBe(OPENED + 7 * DAY + HOUR);
  });

  it('uses a lifetime from the opening where the expiry is not the end (WiPay) or unknown (WeGetFinancing)', () => {
    const threeMinutes = new Date(OPENED + 3 * MINUTE).toISOString();
    expect(end('wipay', OPENED + MINUTE, threeMinutes)).toBe(OPENED + 240 * MINUTE + HOUR);
    expect(end('wegetfinancing', OPENED + MINUTE)).toBe(OPENED + 14 * DAY + HOUR);
  });

  it('listens at least 1 h after the cancel (deliveries under way), e.g. after our TTL or at iwocaPay', () => {
    const expiresAt = new Date(OPENED + HOUR).toISOString();
    expect(end('ecomtrade24', OPENED + 2 * HOUR, expiresAt)).toBe(OPENED + 3 * HOUR);
    expect(end('iwocapay', OPENED + 5 * MINUTE)).toBe(OPENED + 5 * MINUTE + HOUR);
  });
});
