// Benchmark, not a test: `npm run bench`. Opens checkouts through the real gateway and
// delivers their signed WeGetFinancing postbacks, on the real dev server, worker and
// PGlite store, and prints latency and throughput figures. Nothing here asserts speed:
// a busy machine must not fail a build; the figures go into notes and reviews.
import { checkoutBody, api } from '../gateway/support/http';
import { startHarness } from '../gateway/support/harness';
import type { Harness } from '../gateway/support/harness';
import { wgfPostback } from '../gateway/support/inbound';
import { send } from '../gateway/support/http';

const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function describeLatencies(name: string, millis: number[], wallMs: number): string {
  const sorted = [...millis].sort((a, b) => a - b);
  const perSecond = ((millis.length / wallMs) * 1000).toFixed(1);
  return `${name.padEnd(34)} n=${millis.length}  p50=${percentile(sorted, 50).toFixed(0)} ms  p95=${percentile(sorted, 95).toFixed(0)} ms  max=${sorted.at(-1)?.toFixed(0)} ms  ${perSecond}/s`;
}

/** Runs `work` for each item with at most `limit` in flight; returns each one's duration. */
async function timedPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      const started = performance.now();
      await work(item);
      durations.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return durations;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => h?.close());

it(`opens ${CHECKOUTS} checkouts and completes them through signed postbacks`, async () => {
  const opened: Array<{ checkoutId: string; invId: string }> = [];
  let started = performance.now();
  const createMs = await timedPool([...Array(CHECKOUTS).keys()], CONCURRENCY, async () => {
    const answer = await api(h.url, 'POST', '/checkouts', checkoutBody('wegetfinancing'));
    if (answer.status !== 201) throw new Error(`POST /checkouts answered ${answer.status}: ${answer.text}`);
    const body = answer.json as { checkoutId: string; providerReference: string };
    opened.push({ checkoutId: body.checkoutId, invId: body.providerReference });
  });
  const createWall = performance.now() - started;

  started = performance.now();
  const postbackMs = await timedPool(opened, CONCURRENCY, async ({ checkoutId, invId }) => {
    const message = wgfPostback({
      request_token: invId,
      merchant_transaction_id: checkoutId,
      updates: { status: 'approved' },
    });
    const answer = await send(`${h.url}/webhooks/wegetfinancing`, {
      method: 'POST',
      headers: message.headers,
      body: message.body,
    });
    if (answer.status !== 200) throw new Error(`postback answered ${answer.status}`);
  });
  const postbackWall = performance.now() - started;

  // Until every order exists: what the merchant ultimately waits for.
  for (;;) {
    if ((await h.store.countOrders()) >= CHECKOUTS) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const completeWall = performance.now() - started;

  const memory = process.memoryUsage();
  console.log(
    [
      `checkout throughput (dev server, in-process worker and gateway, PGlite; concurrency ${CONCURRENCY})`,
      describeLatencies('POST /checkouts (201, with session)', createMs, createWall),
      describeLatencies('signed postback → 200 (signalled)', postbackMs, postbackWall),
      `postbacks → all ${CHECKOUTS} orders written        ${completeWall.toFixed(0)} ms (${((CHECKOUTS / completeWall) * 1000).toFixed(1)} orders/s)`,
      `process RSS ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    ].join('\n'),
  );
}, 600_000);
