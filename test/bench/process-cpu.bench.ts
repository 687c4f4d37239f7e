// `npx jest --testMatch '<rootDir>/test/bench/process-cpu.bench.ts' --runInBand`: CPU ms
// per checkout of each process (gateway, worker, Temporal dev server, and this one: the
// sandbox, the bench client and the bare arm's worker), phase by phase: POST /checkouts,
// the WeGetFinancing postbacks, the drain to the order rows; then the same postbacks'
// events signalled straight from here (what a bare client pays for a signal), and the bare
// arm end to end. Read from /proc (utime + stime), so Linux only. Nothing asserts speed.
// BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" also writes the gateway's profile.
import { startBareArm } from './arms/bare';
import type { BareArm } from './arms/bare';
import { productArm } from './arms/product';
import type { OpenedCheckout } from './arms/product';
import { processCpuMs } from './support/process-cpu';
import { timedPool } from './support/pool';
import { startProductStack } from './support/product-stack';
import type { ProductStack } from './support/product-stack';
import { print } from './support/report';

const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 20;
/** BENCH_COMPARE=0 measures the product's phases only (quicker A/B runs of one change). */
const COMPARE = process.env.BENCH_COMPARE !== '0';

let stack: ProductStack;
let bare: BareArm;

beforeAll(async () => {
  stack = await startProductStack();
  bare = await startBareArm(stack.temporalAddress);
}, 600_000);

afterAll(async () => {
  await bare?.close();
  await stack?.close();
}, 120_000);

type Sample = Record<'gateway' | 'worker' | 'temporal' | 'bench', number>;

function sample(): Sample {
  const own = process.cpuUsage();
  return {
    gateway: processCpuMs(stack.gatewayPid()),
    worker: processCpuMs(stack.workerPid()),
    temporal: processCpuMs(stack.temporalPid()),
    bench: (own.user + own.system) / 1000,
  };
}

function perCheckout(before: Sample, after: Sample): string {
  return (Object.keys(before) as Array<keyof Sample>)
    .map((name) => `${name} ${((after[name] - before[name]) / CHECKOUTS).toFixed(2)}`)
    .join('  ');
}

it(
  'measures CPU ms per checkout by process and phase',
  async () => {
    const product = productArm(stack);
    await product.endToEnd(WARMUP, CONCURRENCY);
    await bare.endToEnd(WARMUP, CONCURRENCY);
    const openAll = async () => {
      const opened: OpenedCheckout[] = [];
      const run = await timedPool([...Array(CHECKOUTS).keys()], CONCURRENCY, async () => {
        opened.push(await product.open());
      });
      return { opened, run };
    };
    const drain = (opened: OpenedCheckout[]) =>
      timedPool(opened, CONCURRENCY, (checkout) => product.awaitOrder(checkout.checkoutId));

    const s0 = sample();
    const { opened, run: opens } = await openAll();
    const s1 = sample();
    const postbacks = await timedPool(opened, CONCURRENCY, product.deliverPostback);
    const s2 = sample();
    await drain(opened);
    const s3 = sample();
    print();
    print(`process CPU ms per checkout (${CHECKOUTS} checkouts, ${CONCURRENCY} in flight)`);
    print(`  POST /checkouts (${opens.wallMs.toFixed(0)} ms)   ${perCheckout(s0, s1)}`);
    print(`  postbacks       (${postbacks.wallMs.toFixed(0)} ms)   ${perCheckout(s1, s2)}`);
    print(`  drain to orders                ${perCheckout(s2, s3)}`);
    print(`  product, all                   ${perCheckout(s0, s3)}`);
    expect(opened).toHaveLength(CHECKOUTS);
    if (!COMPARE) return;

    const direct = (await openAll()).opened;
    const s4 = sample();
    await timedPool(direct, CONCURRENCY, product.signalDirectly);
    const s5 = sample();
    await drain(direct);
    const s6 = sample();
    await bare.endToEnd(CHECKOUTS, CONCURRENCY);
    const s7 = sample();
    print(`  direct signals instead         ${perCheckout(s4, s5)}`);
    print(`  their drain                    ${perCheckout(s5, s6)}`);
    print(`  bare arm end to end            ${perCheckout(s6, s7)}`);
  },
  60 * 60_000,
);
