// `npx jest --testMatch '<rootDir>/test/bench/cpu-per-process.measure.ts' test/bench/cpu-per-process.measure.ts`:
// Not a *.bench.ts, so `npm run bench` (whose last line is its summary) does not run it.
// CPU ms per checkout of each process (worker, gateway, Temporal server, this bench
// process with the simulators and the bare worker), product arm then bare arm, after a
// warm-up. With BENCH_WORKER_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' the worker
// writes a .cpuprofile when the stack closes (scripts/cpuprofile-summary.mjs reads it).
import { useBenchArms } from './support/bench-arms';
import { childPids, cpuMs } from './support/process-cpu';
import { perSecond } from './support/pool';
import { print } from './support/report';

const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 20;

const arms = useBenchArms();

function processes(): Record<string, number> {
  const [gateway] = childPids(process.pid, 'gateway/main.js');
  const [temporal] = childPids(process.pid, 'server start-dev');
  if (gateway === undefined || temporal === undefined) throw new Error('no gateway or Temporal process');
  return { worker: arms.stack().workerPid(), gateway, temporal, bench: process.pid };
}

async function measured(label: string, run: () => Promise<number>): Promise<void> {
  const pids = processes();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const rate = await run();
  const parts = Object.entries(pids).map(([name, pid]) => {
    const perCheckout = (cpuMs(pid) - (before[name] as number)) / CHECKOUTS;
    return `${name} ${perCheckout.toFixed(1)}`;
  });
  print(`${label.padEnd(8)} ${rate.toFixed(1)}/s  CPU ms per checkout: ${parts.join('  ')}`);
}

it(
  'measures CPU per checkout by process',
  async () => {
    await arms.product().endToEnd(WARMUP, CONCURRENCY);
    await arms.bare().endToEnd(WARMUP, CONCURRENCY);
    print();
    print(`cpu: ${CHECKOUTS} checkouts, ${CONCURRENCY} in flight, store ${arms.stack().storeKind}`);
    await measured('product', async () =>
      perSecond((await arms.product().endToEnd(CHECKOUTS, CONCURRENCY)).run),
    );
    await measured('bare', async () => perSecond((await arms.bare().endToEnd(CHECKOUTS, CONCURRENCY)).run));
  },
  60 * 60_000,
);
