// `npm run bench` (not part of `npm test`): the product against a bare workflow of the
// same shape, side by side on one dev server, the arms alternating (bare, product,
// product, bare, …) and each figure the median of its arm's rounds. Then many open
// checkouts on one fresh worker process (RSS, timer lateness) and the event count of one
// happy-path checkout. Nothing asserts speed (a busy machine must not fail a build);
// the bench fails only when an arm errors. The last line printed is the summary.
import os from 'node:os';
import { checkoutWorkflowId } from '../../workflows/contract';
import { openManyCheckouts } from './arms/open-checkouts';
import { eventCount } from './support/history-figures';
import { perSecond } from './support/pool';
import { useBenchArms } from './support/bench-arms';
import { median, percentile } from './support/stats';
import { print, printRow, ratio, summaryLine } from './support/report';

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

const CHECKOUTS = numberFrom('BENCH_CHECKOUTS', 80);
const CONCURRENCY = numberFrom('BENCH_CONCURRENCY', 8);
const OPEN = numberFrom('BENCH_OPEN', 10_000);
const WEBHOOKS = numberFrom('BENCH_WEBHOOKS', 100);
const ROUNDS = numberFrom('BENCH_ROUNDS', 2);
const TIMERS = numberFrom('BENCH_TIMERS', 5);
/**
 * Checkouts each arm runs once before the measured rounds, not counted (the product's worker
 * and gateway start fresh, the bare worker lives in this warm process). Off by default: a
 * run with 40 made the product's rounds slower, not faster (README "Performance").
 */
const WARMUP = numberFrom('BENCH_WARMUP', 0);

interface RoundFigures {
  e2ePerSec: number;
  e2eWallMs: number;
  openP50Ms: number;
  webhookPerSec: number;
  webhookP99Ms: number;
}

type ArmName = 'bare' | 'product';

const arms = useBenchArms();

async function round(
  arm: ArmName,
  size = { checkouts: CHECKOUTS, webhooks: WEBHOOKS },
): Promise<RoundFigures & { lastId: string }> {
  const [bare, product] = [arms.bare(), arms.product()];
  const e2e =
    arm === 'bare'
      ? await bare.endToEnd(size.checkouts, CONCURRENCY)
      : await product.endToEnd(size.checkouts, CONCURRENCY);
  // The bare client signals the product's own workflows directly, with the event the gateway would send.
  const webhooks = await product.webhooks(size.webhooks, CONCURRENCY, arm === 'bare' ? 'signal' : 'gateway');
  return {
    e2ePerSec: perSecond(e2e.run),
    e2eWallMs: e2e.run.wallMs,
    openP50Ms: percentile(e2e.openMs, 50),
    webhookPerSec: perSecond(webhooks),
    webhookP99Ms: percentile(webhooks.durations, 99),
    lastId: e2e.lastId,
  };
}

function medianOf(rounds: RoundFigures[], key: keyof RoundFigures): number {
  return median(rounds.map((figures) => figures[key]));
}

it(
  'measures the product against the bare workflow',
  async () => {
    const [stack, bare, product] = [arms.stack(), arms.bare(), arms.product()];
    const [load1] = os.loadavg();
    print();
    print(
      `bench: ${CHECKOUTS} checkouts, ${CONCURRENCY} in flight, ${WEBHOOKS} webhooks, ${OPEN} open, ${WARMUP} warm-up and ${ROUNDS} round(s) per arm; store ${stack.storeKind}; ${os.cpus().length} cores, load ${load1?.toFixed(2)}`,
    );
    const figures: Record<ArmName, RoundFigures[]> = { bare: [], product: [] };
    const lastIds: Record<ArmName, string> = { bare: '', product: '' };
    const printRound = (label: string, arm: ArmName, result: RoundFigures) =>
      print(
        `  ${label} ${arm.padEnd(7)} e2e ${result.e2ePerSec.toFixed(1)}/s (${result.e2eWallMs.toFixed(0)} ms)  open p50 ${result.openP50Ms.toFixed(0)} ms  webhook ${result.webhookPerSec.toFixed(1)}/s p99 ${result.webhookP99Ms.toFixed(0)} ms`,
      );
    if (WARMUP > 0)
      for (const arm of ['bare', 'product'] as const)
        printRound('warm-up', arm, await round(arm, { checkouts: WARMUP, webhooks: WARMUP }));
    for (let r = 0; r < ROUNDS; r += 1) {
      const order: ArmName[] = r % 2 === 0 ? ['bare', 'product'] : ['product', 'bare'];
      for (const arm of order) {
        const result = await round(arm);
        figures[arm].push(result);
        lastIds[arm] = result.lastId;
        printRound(`round ${r + 1}`, arm, result);
      }
    }
    const b = (key: keyof RoundFigures) => medianOf(figures.bare, key);
    const p = (key: keyof RoundFigures) => medianOf(figures.product, key);
    print();
    print('medians per arm (ratio = product / bare)');
    printRow('end to end checkouts', '/s', b('e2ePerSec'), p('e2ePerSec'), '>= 0.8');
    printRow('open p50 (session answered)', 'ms', b('openP50Ms'), p('openP50Ms'), '<= 1.3');
    printRow('webhook -> signal throughput', '/s', b('webhookPerSec'), p('webhookPerSec'), '>= 0.9');
    printRow('webhook -> signal p99', 'ms', b('webhookP99Ms'), p('webhookP99Ms'), '<= 1.5');

    const happyEvents = await eventCount(stack.client, checkoutWorkflowId(lastIds.product));
    const bareEvents = await eventCount(bare.client, lastIds.bare);
    print(
      `history events, WeGetFinancing happy path: product ${happyEvents} (goal <= 35), bare ${bareEvents}`,
    );
    print(
      'history events, iwocaPay 72 h polling: measured by test/workflows/history-events.test.ts (goal < 3,247)',
    );

    const open = await openManyCheckouts(stack, product, {
      count: OPEN,
      concurrency: CONCURRENCY,
      timers: TIMERS,
    });
    const rssGoal = stack.storeKind === 'postgres' ? 512 : 1024;
    const endMib = open.rss.at(-1)?.mib ?? NaN;
    print(
      `worker RSS (MiB by open checkouts, 0 = fresh process): ${open.rss.map((s) => `${s.open}: ${s.mib.toFixed(0)}`).join('  ')}`,
    );
    print(
      `  at the end ${endMib.toFixed(0)} MiB (goal <= ${rssGoal} MiB, flat once the cache is full); opened ${perSecond(open.openRun).toFixed(1)}/s`,
    );
    print(
      `timer lateness while ${OPEN} wait: max ${Math.max(...open.timerLatenessMs).toFixed(0)} ms over ${open.timerLatenessMs.length} fired timer(s) (goal <= 1000 ms)`,
    );
    print(`503 (retry later) answers retried, POST /checkouts and postbacks: ${product.retried()}`);
    print(
      summaryLine({
        e2e: ratio(p('e2ePerSec'), b('e2ePerSec')),
        openP50: ratio(p('openP50Ms'), b('openP50Ms')),
        webhook: ratio(p('webhookPerSec'), b('webhookPerSec')),
        rss10kMib: endMib,
        eventsHappy: happyEvents,
      }),
    );
  },
  4 * 60 * 60_000,
);
