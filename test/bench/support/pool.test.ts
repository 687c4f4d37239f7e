import { perSecond, timedPool } from './pool';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('timedPool', () => {
  it('keeps at most `limit` items in flight and times each one', async () => {
    let inFlight = 0;
    let most = 0;
    const run = await timedPool([...Array(12).keys()], 3, async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await pause(20);
      inFlight -= 1;
    });
    expect(most).toBe(3);
    expect(run.durations).toHaveLength(12);
    expect(Math.min(...run.durations)).toBeGreaterThanOrEqual(15);
    // 12 items of ~20 ms, 3 at a time: about 4 waves.
    expect(run.wallMs).toBeGreaterThanOrEqual(75);
    expect(perSecond(run)).toBeCloseTo((12 / run.wallMs) * 1000, 6);
  });

  it('rejects with the first error and starts no further items', async () => {
    const started: number[] = [];
    const failing = timedPool([...Array(20).keys()], 2, async (item) => {
      started.push(item);
      await pause(5);
      if (item === 3) throw new Error('arm failed at item 3');
    });
    await expect(failing).rejects.toThrow('arm failed at item 3');
    await pause(30);
    expect(started.length).toBeLessThanOrEqual(5);
  });
});
