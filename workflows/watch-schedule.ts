// The reads of a status watch (watch.ts), as its retry policy schedules them: attempt 1
// at the start only arms it, attempt k+1 follows attempt k by min(interval * 2^(k-1),
// ceiling). Pure arithmetic on the workflow's clock, so the run can tell (without asking
// the server) how many reads a watch made by now and what interval it reached.

export interface WatchSchedule {
  startedAtMs: number;
  intervalMs: number;
  maxIntervalMs: number;
}

/** The instants of the reads, in order, while they stay before `untilMs`. */
function* readsUntil(schedule: WatchSchedule, untilMs: number): Generator<{ atMs: number; gapMs: number }> {
  let gapMs = schedule.intervalMs;
  let atMs = schedule.startedAtMs + gapMs;
  while (atMs < untilMs) {
    yield { atMs, gapMs };
    gapMs = Math.min(gapMs * 2, Math.max(schedule.intervalMs, schedule.maxIntervalMs));
    atMs += gapMs;
  }
}

/** Reads the schedule makes strictly before `untilMs` (a read due at the TTL yields to it, as a poll did). */
export function readsBefore(schedule: WatchSchedule, untilMs: number): number {
  let reads = 0;
  for (const _read of readsUntil(schedule, untilMs)) reads += 1;
  return reads;
}

/** The gap before the read that follows read number `reads` (0: the first read's). */
export function gapAfter(schedule: WatchSchedule, reads: number): number {
  const ceiling = Math.max(schedule.intervalMs, schedule.maxIntervalMs);
  return Math.min(schedule.intervalMs * 2 ** Math.min(reads, 40), ceiling);
}
