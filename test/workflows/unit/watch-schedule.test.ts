// The reads a status watch's retry policy makes (workflows/watch-schedule.ts): the same
// instants as the timer polls before it (1, 3, 7, 15 min, then every 15), none at the TTL.
import { gapAfter, readsBefore } from '../../../workflows/watch-schedule';

const MINUTE = 60_000;
const schedule = { startedAtMs: 0, intervalMs: MINUTE, maxIntervalMs: 15 * MINUTE };

describe('watch schedule', () => {
  it('reads at 1, 3, 7, 15, 30, 45 min', () => {
    expect([1, 3, 7, 15, 30, 45].map((min) => readsBefore(schedule, min * MINUTE + 1))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    expect(readsBefore(schedule, MINUTE)).toBe(0);
  });

  it('makes the 72-hour checkout read as often as its timer polls did, none at the TTL', () => {
    expect(readsBefore(schedule, 72 * 60 * MINUTE)).toBe(4 + (72 * 60 - 15) / 15 - 1);
  });

  it('reaches the ceiling after four reads and stays there', () => {
    expect([0, 1, 2, 3, 4, 300].map((reads) => gapAfter(schedule, reads) / MINUTE)).toEqual([
      1, 2, 4, 8, 15, 15,
    ]);
  });

  it('a watch started at the ceiling reads at the ceiling from the start', () => {
    const atCeiling = { ...schedule, intervalMs: 15 * MINUTE };
    expect(readsBefore(atCeiling, 15 * MINUTE)).toBe(0);
    expect(readsBefore(atCeiling, 15 * MINUTE + 1)).toBe(1);
    expect(readsBefore(atCeiling, 60 * MINUTE + 1)).toBe(4);
  });
});
