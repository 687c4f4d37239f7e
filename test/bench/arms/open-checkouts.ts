// Many open checkouts on one fresh worker process: its RSS fresh, after each 1,000 and at
// the end, while a few checkouts wait on a short merchant expiry (a durable timer) whose
// lateness is read back from their histories.
import { checkoutWorkflowId } from '../../../workflows/contract';
import { firedTimerLatenessMs } from '../support/history-figures';
import { timedPool } from '../support/pool';
import type { PoolRun } from '../support/pool';
import { rssMiB } from '../support/rss';
import type { ProductStack } from '../support/product-stack';
import type { ProductArm } from './product';

/** The gateway accepts an expiresAt at least one minute ahead. */
const EXPIRY_AHEAD_MS = 70_000;
const RSS_STEP = 1_000;

export interface OpenFigures {
  rss: Array<{ open: number; mib: number }>;
  openRun: PoolRun;
  timerLatenessMs: number[];
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function openManyCheckouts(
  stack: ProductStack,
  product: ProductArm,
  options: { count: number; concurrency: number; timers: number },
): Promise<OpenFigures> {
  await stack.restartWorker();
  const rss = [{ open: 0, mib: rssMiB(stack.workerPid()) }];
  const expiresAt = new Date(Date.now() + EXPIRY_AHEAD_MS);
  const timed = await Promise.all(
    Array.from({ length: options.timers }, () => product.open({ expiresAt: expiresAt.toISOString() })),
  );
  let opened = timed.length;
  const openRun = await timedPool([...Array(options.count).keys()], options.concurrency, async () => {
    await product.open();
    opened += 1;
    if (opened % RSS_STEP === 0) rss.push({ open: opened, mib: rssMiB(stack.workerPid()) });
  });
  // A quick run may open everything before the expiry: wait for it, then for the histories.
  await sleep(Math.max(0, expiresAt.getTime() - Date.now()));
  const timerLatenessMs = await firedTimersOf(
    stack,
    timed.map((checkout) => checkout.checkoutId),
  );
  rss.push({ open: opened, mib: rssMiB(stack.workerPid()) });
  return { rss, openRun, timerLatenessMs };
}

/** Waits (up to a minute) until each checkout's history shows a fired timer. */
async function firedTimersOf(stack: ProductStack, checkoutIds: string[]): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const perCheckout = await Promise.all(
      checkoutIds.map((id) => firedTimerLatenessMs(stack.client, checkoutWorkflowId(id))),
    );
    if (perCheckout.every((lateness) => lateness.length > 0)) return perCheckout.flat();
    if (Date.now() > deadline)
      throw new Error('the expiry timers did not fire within a minute of their time');
    await sleep(1_000);
  }
}
