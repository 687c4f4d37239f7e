// One arm's end-to-end run: `count` checkouts, `concurrency` in flight, each opened
// (timed on its own: the open figure) and then finished (signal or postback, until done).
import { timedPool } from './pool';
import type { PoolRun } from './pool';

export interface EndToEndRun {
  run: PoolRun;
  /** Each open's latency, ms. */
  openMs: number[];
  /** The id of a checkout that finished, for its history. */
  lastId: string;
}

export async function endToEnd<T>(
  count: number,
  concurrency: number,
  steps: { open(): Promise<T>; finish(opened: T): Promise<void>; idOf(opened: T): string },
): Promise<EndToEndRun> {
  const openMs: number[] = [];
  let lastId = '';
  const run = await timedPool([...Array(count).keys()], concurrency, async () => {
    const started = performance.now();
    const opened = await steps.open();
    openMs.push(performance.now() - started);
    await steps.finish(opened);
    lastId = steps.idOf(opened);
  });
  return { run, openMs, lastId };
}
