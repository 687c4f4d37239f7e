// The docker-compose topology without Docker: the Temporal server of the compose release
// on PostgreSQL (schema by the release's sql tool, namespace and search attributes by the
// same scripts the compose jobs run), two workers and two gateways as compiled processes
// on a PostgreSQL order store, a load balancer in front of the gateways, and the provider
// sandbox. Checkouts for every provider go through both gateways; one worker is killed
// (SIGKILL) and one gateway too, mid-run; every checkout must still be decided, once.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { Client } from 'pg';
import {
  APPROVE_BODY,
  MerchantClient,
  actAsCustomer,
  sampleCheckoutRequest,
} from '../../src/demo/merchant-client';
import type { CheckoutSummary } from '../../src/client';
import { terminate } from '../../src/devstack/terminate';
import { resolveToolchain } from '../../src/temporal/toolchain';
import { DEFAULT_TASK_QUEUE } from '../../workflows/contract';
import { PROVIDER_IDS } from '../../workflows/domain';
import type { ProviderId } from '../../workflows/domain';
import { buildProduct } from '../e2e/support/build';
import { isLoopback, listeningAddresses } from '../e2e/support/listeners';
import { startSandbox } from '../e2e/support/sandbox';
import type { LocalSandbox } from '../e2e/support/sandbox';
import { API_KEY } from '../e2e/support/stack';
import { waitForHttp } from '../e2e/support/wait-for-http';
import { freePort } from '../helpers/free-port';
import { findPostgresBin, startPostgres } from '../helpers/postgres-server';
import type { PostgresServer } from '../helpers/postgres-server';
import { startBalancer } from './support/balancer';
import type { Balancer } from './support/balancer';
import { clusterBinaries } from './support/cluster-binaries';
import { startTemporalCluster } from './support/temporal-cluster';
import type { TemporalCluster } from './support/temporal-cluster';

jest.setTimeout(240_000);

/** Both gateways sign browser-return URLs with one secret, as replicas behind one URL must. */
const CALLBACK_SECRET = 'cluster-callback-secret-0123456789abcdef';

interface Gateway {
  url: string;
  api: MerchantClient;
  process: ChildProcess;
}

let workDir: string;
let postgres: PostgresServer;
let cluster: TemporalCluster;
let balancer: Balancer;
let local: LocalSandbox;
let orders: Client;
let workers: ChildProcess[] = [];
let gateways: Gateway[] = [];

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(message);
  return value;
}

beforeAll(async () => {
  const binaries = clusterBinaries();
  const cliPath = required(resolveToolchain().cliPath, 'no Temporal CLI: run scripts/temporal-toolchain.sh');
  const pgBin = required(
    findPostgresBin(),
    'no PostgreSQL server binaries: run scripts/ci-system-packages.sh',
  );
  const dist = buildProduct('cluster');
  workDir = mkdtempSync(join(tmpdir(), 'cluster-'));

  postgres = await startPostgres(pgBin, { maxConnections: 300 });
  cluster = await startTemporalCluster({ binaries, cliPath, postgres, workDir });
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE orders');
  await admin.end();

  const gatewayUrls = [`http://127.0.0.1:${await freePort()}`, `http://127.0.0.1:${await freePort()}`];
  balancer = await startBalancer(gatewayUrls);
  local = await startSandbox(balancer.url);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...local.sandbox.providerEnv,
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_NAMESPACE: 'default',
    DATABASE_URL: postgres.urlFor('orders'),
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    PUBLIC_BASE_URL: balancer.url,
    API_KEYS: API_KEY,
    CALLBACK_SECRET,
    LOG_LEVEL: 'warn',
  };
  const start = (script: string, extra: NodeJS.ProcessEnv = {}) =>
    spawn(process.execPath, [join(dist, 'src', script)], {
      env: { ...env, ...extra },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  workers = [start(join('worker', 'main.js')), start(join('worker', 'main.js'))];
  gateways = gatewayUrls.map((url) => ({
    url,
    api: new MerchantClient(url, API_KEY),
    process: start(join('gateway', 'main.js'), { PORT: new URL(url).port }),
  }));
  await Promise.all(gateways.map((gateway) => waitForHttp(`${gateway.url}/readyz`, 90_000)));

  orders = new Client({ connectionString: postgres.urlFor('orders') });
  await orders.connect();
}, 240_000);

afterAll(async () => {
  for (const child of [...workers, ...gateways.map((gateway) => gateway.process)]) await terminate(child);
  await orders?.end();
  await local?.close();
  await balancer?.close();
  await cluster?.stop();
  await postgres?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The distinct pollers of the checkout task queue, as the Temporal server sees them. */
async function workflowPollers(): Promise<string[]> {
  const connection = await Connection.connect({ address: cluster.address });
  try {
    const answer = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: DEFAULT_TASK_QUEUE },
    });
    return [...new Set((answer.pollers ?? []).map((poller) => poller.identity ?? ''))].sort();
  } finally {
    await connection.close();
  }
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

it('runs the compose release on loopback only, with both workers polling the checkout queue', async () => {
  const addresses = listeningAddresses(cluster.server.pid as number);
  expect(addresses.length).toBeGreaterThanOrEqual(5); // frontend gRPC + HTTP, three membership/RPC pairs
  expect(addresses.filter((address) => !isLoopback(address))).toEqual([]);
  const pollers = await eventually(workflowPollers, (found) => found.length >= 2, 30_000);
  expect(pollers).toHaveLength(2);
});

it('decides every checkout of every provider once, through two gateways, with a worker and a gateway killed mid-run', async () => {
  const opened: Array<{ provider: ProviderId; via: number; checkout: CheckoutSummary }> = [];
  for (const provider of PROVIDER_IDS) {
    for (const [via, gateway] of gateways.entries()) {
      const created = await gateway.api.createCheckout(
        sampleCheckoutRequest(provider, `cluster-${provider}-${via}`),
      );
      expect(created.status).toBe(201);
      opened.push({ provider, via, checkout: created.body });
    }
  }
  const pay = async ({ provider, checkout }: (typeof opened)[number]) => {
    const acted = await actAsCustomer(
      local.url,
      provider,
      checkout.providerReference,
      'approve',
      APPROVE_BODY[provider],
    );
    expect(acted.status).toBeLessThan(300);
  };

  // The first wave's confirmations are in flight when a worker and a gateway die.
  const [firstWave, secondWave] = [opened.filter((o) => o.via === 0), opened.filter((o) => o.via === 1)];
  const paying = Promise.all(firstWave.map(pay));
  const [deadWorker, deadGateway] = [workers[0] as ChildProcess, gateways[0] as Gateway];
  // Mid-run, not before it: the gateway to die has answered provider traffic already.
  const answered = () => Promise.resolve(balancer.answeredBy.get(deadGateway.url) ?? 0);
  expect(await eventually(answered, (count) => count > 0, 30_000)).toBeGreaterThan(0);
  await Promise.all([terminate(deadWorker, 'SIGKILL'), terminate(deadGateway.process, 'SIGKILL')]);
  expect(deadWorker.signalCode).toBe('SIGKILL');
  await expect(fetch(`${deadGateway.url}/readyz`)).rejects.toThrow();
  await paying;
  await Promise.all(secondWave.map(pay));

  // The survivors answer for every checkout, whichever gateway opened it.
  const survivor = gateways[1] as Gateway;
  const finals = await Promise.all(
    opened.map(({ checkout }) =>
      survivor.api.waitForStatus(checkout.checkoutId, ['completed', 'cancelled'], 150_000),
    ),
  );
  expect(finals.map((final) => final.status)).toEqual(opened.map(() => 'completed'));
  expect(finals.filter((final) => !final.order?.orderId)).toEqual([]);

  const rows = await orders.query<{ checkout_id: string; count: string }>(
    'SELECT checkout_id, count(*) AS count FROM orders GROUP BY checkout_id',
  );
  const byCheckout = Object.fromEntries(rows.rows.map((row) => [row.checkout_id, Number(row.count)]));
  expect(byCheckout).toEqual(Object.fromEntries(opened.map(({ checkout }) => [checkout.checkoutId, 1])));
});
