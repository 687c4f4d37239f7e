// When the workflow must wake up next, computed from the policy and what it knows.
// Pure arithmetic on the workflow's deterministic clock (milliseconds since the epoch),
// so the same history always yields the same timers.
import type { CheckoutStatus } from './contract';
import type { CheckoutTiming, LatePaymentWindow, ProviderPolicy } from './policies';

export type WakeKind = 'ttl' | 'sessionTimeout' | 'poll' | 'authorizeRetry';

export interface Wake {
  kind: WakeKind;
  atMs: number;
}

export interface PollSchedule {
  nextPollAtMs: number;
  intervalMs: number;
}

export interface DeadlineContext {
  openedAtMs: number;
  policy: Pick<ProviderPolicy, 'polls' | 'hardSessionExpiry' | 'ttlFromSessionExpiryGraceMs'>;
  timing: CheckoutTiming;
  status: CheckoutStatus;
  /** The provider's own session expiry, when it reported one. */
  sessionExpiresAt?: string;
  /** The merchant's expiresAt, when it set one: the TTL is never later. */
  merchantExpiresAt?: string;
  /** WiPay: address verification lengthens the session. */
  avs: boolean;
  poll?: PollSchedule;
  /** A confirmation waiting for another authorize attempt (ISO-8601). */
  authorizeRetryAt?: string;
}

function parseInstant(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The checkout's end: the provider's expiry plus a grace where the policy says so, else
 * ttlMs; the merchant's expiresAt when that is sooner (absent in runs before it existed,
 * so their timers are unchanged).
 */
export function ttlAtMs(ctx: DeadlineContext): number {
  const merchantAtMs = parseInstant(ctx.merchantExpiresAt) ?? Infinity;
  return Math.min(policyTtlAtMs(ctx), merchantAtMs);
}

function policyTtlAtMs(ctx: DeadlineContext): number {
  const expiresAtMs = parseInstant(ctx.sessionExpiresAt);
  const grace = ctx.policy.ttlFromSessionExpiryGraceMs;
  if (grace !== undefined && expiresAtMs !== undefined) return expiresAtMs + grace;
  return ctx.openedAtMs + ctx.timing.ttlMs;
}

/** WiPay: the hosted session's expiry (the provider's, else the policy's) plus the grace. */
export function sessionTimeoutAtMs(ctx: DeadlineContext): number | undefined {
  if (!ctx.policy.hardSessionExpiry) return undefined;
  const lifetime = ctx.avs ? ctx.timing.avsSessionExpiryMs : ctx.timing.sessionExpiryMs;
  const expiresAtMs = parseInstant(ctx.sessionExpiresAt) ?? ctx.openedAtMs + lifetime;
  return expiresAtMs + ctx.timing.timeoutGraceMs;
}

/**
 * The earliest pending wake-up. Ties go to the TTL (it reads the provider one last
 * time where it can), then to the session timeout, then to a poll. A held checkout has
 * none: it waits for ops (or an event to count) however long that takes.
 */
export function nextWake(ctx: DeadlineContext): Wake | undefined {
  if (ctx.status === 'held') return undefined;
  const candidates: Wake[] = [{ kind: 'ttl', atMs: ttlAtMs(ctx) }];
  const timeoutAt = sessionTimeoutAtMs(ctx);
  if (timeoutAt !== undefined && ctx.status === 'awaitingCustomer') {
    candidates.push({ kind: 'sessionTimeout', atMs: timeoutAt });
  }
  if (ctx.policy.polls && ctx.poll) candidates.push({ kind: 'poll', atMs: ctx.poll.nextPollAtMs });
  const retryAtMs = parseInstant(ctx.authorizeRetryAt);
  if (retryAtMs !== undefined && ctx.status === 'awaitingCustomer')
    candidates.push({ kind: 'authorizeRetry', atMs: retryAtMs });
  return candidates.reduce((earliest, wake) => (wake.atMs < earliest.atMs ? wake : earliest));
}

export function firstPollSchedule(openedAtMs: number, timing: CheckoutTiming): PollSchedule {
  return { nextPollAtMs: openedAtMs + timing.firstPollMs, intervalMs: timing.firstPollMs };
}

/** After a scheduled poll the interval doubles up to the ceiling; a pollNow hint does not call this. */
export function afterScheduledPoll(
  schedule: PollSchedule,
  nowMs: number,
  timing: CheckoutTiming,
): PollSchedule {
  const intervalMs = Math.min(schedule.intervalMs * 2, timing.maxPollIntervalMs);
  return { nextPollAtMs: nowMs + intervalMs, intervalMs };
}

/**
 * A poll schedule that also reads once at `finalReadAtMs` (before the provider's session
 * expires) while that instant is still ahead; after it the schedule runs on unchanged.
 */
export function withFinalRead(
  schedule: PollSchedule,
  nowMs: number,
  finalReadAtMs: number | undefined,
): PollSchedule {
  if (finalReadAtMs === undefined || finalReadAtMs <= nowMs || finalReadAtMs >= schedule.nextPollAtMs)
    return schedule;
  return { ...schedule, nextPollAtMs: finalReadAtMs };
}

/**
 * Until when a cancelled checkout listens for a payment its session may still take: the
 * provider's expiry (where the policy trusts it) or the session's lifetime from its
 * opening, plus room for deliveries under way; never before the grace after the cancel.
 */
export function latePaymentsEndMs(ctx: {
  openedAtMs: number;
  decidedAtMs: number;
  sessionExpiresAt?: string;
  window: LatePaymentWindow;
}): number {
  const { untilSessionExpiry, sessionLifetimeMs, deliveryGraceMs } = ctx.window;
  const expiresAtMs = untilSessionExpiry ? parseInstant(ctx.sessionExpiresAt) : undefined;
  const payableUntilMs = expiresAtMs ?? ctx.openedAtMs + sessionLifetimeMs;
  return Math.max(payableUntilMs, ctx.decidedAtMs) + deliveryGraceMs;
}
