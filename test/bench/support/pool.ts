// A fixed number of lanes working through a list: the bench's "N in flight". The first
// error stops every lane and is thrown, so a failing arm fails the bench.
export interface PoolRun {
  /** Each item's duration in ms, in completion order. */
  durations: number[];
  wallMs: number;
}

export async function timedPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<PoolRun> {
  const durations: number[] = [];
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      const started = performance.now();
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
      durations.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
  return { durations, wallMs: performance.now() - started };
}

/** Items per second of a pool run. */
export function perSecond(run: PoolRun): number {
  return (run.durations.length / run.wallMs) * 1000;
}
