// The whole product as separate processes on loopback, the way it runs in production:
// the Temporal CLI dev server (its own SQLite file, so it can be stopped and started
// again), PostgreSQL for orders, the worker and the gateway as compiled Node processes,
// and the provider sandbox in this test process so the test can drive the customers.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { terminate } from '../../../src/devstack/terminate';
import { startTemporalDevServer } from '../../../src/devstack/temporal-dev-server';
import type { TemporalDevServer } from '../../../src/devstack/temporal-dev-server';
import { MerchantClient } from '../../../src/demo/merchant-client';
import type { Sandbox } from '../../../src/sandbox/all';
import { resolveToolchain } from '../../../src/temporal/toolchain';
import { freePort } from '../../helpers/free-port';
import { findPostgresBin, startPostgres } from '../../helpers/postgres-server';
import type { PostgresServer } from '../../helpers/postgres-server';
import { buildProduct } from './build';
import { startSandbox } from './sandbox';
import { waitForHttp } from './wait-for-http';

export const API_KEY = 'e2e-api-key-0123456789abcdef0123456789abcdef';
export const E2E_PAYLOAD_CODEC_KEYS = `e2e-1:${Buffer.alloc(32, 7).toString('base64')}`;

export interface Stack {
  api: MerchantClient;
  gatewayUrl: string;
  sandboxUrl: string;
  uiUrl: string;
  sandbox: Sandbox;
  orders: Client;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  killWorker(): Promise<void>;
  startWorker(): void;
  close(): Promise<void>;
}

export async function startStack(name: string): Promise<Stack> {
  const dist = buildProduct(name);
  const { cliPath } = resolveToolchain();
  if (!cliPath) throw new Error('no Temporal CLI: run scripts/temporal-toolchain.sh');
  const pgBin = findPostgresBin();
  if (!pgBin) throw new Error('no PostgreSQL server binaries: run scripts/ci-system-packages.sh');

  const workDir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  const [temporalPort, uiPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const temporalOptions = {
    cliPath,
    ip: '127.0.0.1',
    port: temporalPort,
    uiPort,
    dbFile: join(workDir, 'temporal.sqlite'),
    namespace: 'default',
    stdio: 'ignore' as const,
  };
  let temporal: TemporalDevServer | undefined = await startTemporalDevServer(temporalOptions);
  const postgres: PostgresServer = await startPostgres(pgBin);

  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const sandboxServer = await startSandbox(gatewayUrl);
  const { sandbox, url: sandboxUrl } = sandboxServer;

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...sandbox.providerEnv,
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: postgres.url,
    PORT: String(gatewayPort),
    // Any free port: e2e files run in parallel and must not share the default 9464.
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    PUBLIC_BASE_URL: gatewayUrl,
    API_KEYS: API_KEY,
    // As in production: the worker and the gateway encrypt payloads with the same key.
    PAYLOAD_CODEC_KEYS: E2E_PAYLOAD_CODEC_KEYS,
    LOG_LEVEL: 'warn',
  };
  const startProcess = (script: string) =>
    spawn(process.execPath, [join(dist, 'src', script)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  let worker = startProcess(join('worker', 'main.js'));
  const gateway = startProcess(join('gateway', 'main.js'));
  await waitForHttp(`${gatewayUrl}/readyz`, 60_000);

  const orders = new Client({ connectionString: postgres.url });
  await orders.connect();

  return {
    api: new MerchantClient(gatewayUrl, API_KEY),
    gatewayUrl,
    sandboxUrl,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    sandbox,
    orders,
    async stopTemporal() {
      await temporal?.stop();
      temporal = undefined;
    },
    async startTemporal() {
      temporal = await startTemporalDevServer(temporalOptions);
    },
    async killWorker() {
      await terminate(worker, 'SIGKILL');
    },
    startWorker() {
      worker = startProcess(join('worker', 'main.js'));
    },
    async close() {
      for (const child of [worker, gateway]) await terminate(child);
      await orders.end();
      await sandboxServer.close();
      await temporal?.stop();
      await postgres.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Rows in the orders table for a checkout: the one number exactly-once is about. */
export async function orderCount(stack: Stack, checkoutId: string): Promise<number> {
  const result = await stack.orders.query<{ count: string }>(
    'SELECT count(*) AS count FROM orders WHERE checkout_id = $1',
    [checkoutId],
  );
  return Number(result.rows[0]?.count ?? 0);
}
