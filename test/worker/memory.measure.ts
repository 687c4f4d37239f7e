// Measures the worker process's memory against open checkouts: the compiled worker as it
// runs in production (embedded PGlite store unless MEASURE_STORE=postgres), a Temporal
// dev server, the simulators in this process. Opens MEASURE_CHECKOUTS WeGetFinancing
// checkouts through the gateway's own start (startAttempt, the product's input) and
// samples the worker's VmRSS every 500. Not part of the suite; run it by hand:
//   MEASURE_CHECKOUTS=3000 WORKER_MAX_CACHED_WORKFLOWS=… npx jest \
//     --testMatch '<rootDir>/test/worker/*.measure.ts' test/worker/memory.measure.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { terminate } from '../../src/devstack/terminate';
import { derivedCallbackSecret } from '../../src/gateway/callback-binding';
import { createCheckoutSchema } from '../../src/gateway/checkouts/schema';
import { checkoutInputFor, startAttempt } from '../../src/gateway/checkouts/start';
import { checkoutIdFor } from '../../workflows/contract';
import type { CheckoutInput } from '../../workflows/contract';
import { buildProduct } from '../e2e/support/build';
import { hostSandbox, productEnv } from '../e2e/support/product-env';
import { checkoutBody } from '../gateway/support/http';
import { findPostgresBin, startPostgres } from '../helpers/postgres-server';
import { spawnWorker, startDevServer, waitForReady } from './support/worker-process';

jest.setTimeout(3 * 60 * 60_000);

const CHECKOUTS = Number(process.env.MEASURE_CHECKOUTS ?? 3000);
const CONCURRENCY = 16;
const SAMPLE_EVERY = 500;

function rssMiB(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}

const PUBLIC_BASE_URL = 'http://127.0.0.1:9';
const API_KEY = 'measure-api-key-0123456789abcdef0123456789abcdef';

/** What POST /checkouts would hand the workflow for a fresh WeGetFinancing order. */
function inputFor(): CheckoutInput {
  const request = createCheckoutSchema.parse(checkoutBody('wegetfinancing'));
  const checkoutId = checkoutIdFor(request.orderId, 1);
  return checkoutInputFor(request, checkoutId, {
    config: { publicBaseUrl: PUBLIC_BASE_URL },
    callbackSecret: derivedCallbackSecret(API_KEY),
  });
}

it('worker RSS against open checkouts', async () => {
  const dist = buildProduct(`worker-memory-${process.env.MEASURE_STORE ?? 'embedded'}`);
  const workDir = mkdtempSync(join(tmpdir(), 'worker-memory-'));
  const temporal = await startDevServer(workDir);
  const gatewayUrl = PUBLIC_BASE_URL;
  const { sandbox, server } = await hostSandbox(gatewayUrl, {
    maxAttempts: 1,
    initialBackoffMs: 100,
    maxBackoffMs: 100,
  });
  const postgres =
    process.env.MEASURE_STORE === 'postgres' ? await startPostgres(findPostgresBin()!) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...productEnv({
      sandbox,
      temporalAddress: temporal.address,
      databaseUrl: postgres?.url ?? '',
      gatewayPort: 9,
      gatewayUrl,
      apiKey: API_KEY,
    }),
    ORDER_STORE_DATA_DIR: join(workDir, 'orders'),
    LOG_LEVEL: 'info',
    // The simulator answers at once; the provider's own rate limit is not what is measured.
    PROVIDER_RATE_LIMITS: 'wegetfinancing=500',
    PROVIDER_MAX_CONCURRENT_ACTIVITIES: '50',
    ...(process.env.WORKER_MAX_CACHED_WORKFLOWS
      ? { WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS }
      : {}),
    ...(process.env.WORKER_MEMORY_BUDGET_MIB
      ? { WORKER_MEMORY_BUDGET_MIB: process.env.WORKER_MEMORY_BUDGET_MIB }
      : {}),
    ...(process.env.MEASURE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.MEASURE_NODE_OPTIONS } : {}),
  };
  const worker = spawnWorker(dist, env);
  worker.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (/worker running|"level":"(warn|error|fatal)"/.test(line)) console.log(line.slice(0, 1500));
  });
  const started = waitForReady(worker, 120_000);
  try {
    await measure(worker.pid!, temporal.address, gatewayUrl, started);
  } finally {
    await terminate(worker);
    sandbox.stop();
    await server.close();
    await temporal.stop();
    await postgres?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
});

async function measure(pid: number, address: string, gatewayUrl: string, started: Promise<void>) {
  await started;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const samples: string[] = [];
  await new Promise((resolve) => setTimeout(resolve, 3000));
  samples.push(`0 open: ${rssMiB(pid)} MiB`);
  console.log(samples.at(-1));
  let next = 0;
  const t0 = Date.now();
  // A start that outlasts its wait under load is joined by the same call again (USE_EXISTING).
  const openOne = async (index: number, input = inputFor(), attempt = 1): Promise<void> => {
    try {
      const outcome = await startAttempt(client, 'checkouts', input);
      if (outcome.kind !== 'session') throw new Error(`checkout ${index}: ${outcome.kind}`);
    } catch (err) {
      if (attempt >= 3) throw err;
      await openOne(index, input, attempt + 1);
    }
  };
  const runOne = async (): Promise<void> => {
    while (next < CHECKOUTS) {
      const index = next++;
      await openOne(index);
      if ((index + 1) % SAMPLE_EVERY === 0) {
        samples.push(`${index + 1} open: ${rssMiB(pid)} MiB (${Math.round((Date.now() - t0) / 1000)} s)`);
        console.log(samples.at(-1));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, runOne));
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  samples.push(`${CHECKOUTS} open, 10 s later: ${rssMiB(pid)} MiB`);
  console.log(samples.join('\n'));
  await connection.close();
}
