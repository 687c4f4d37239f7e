// What the bench runs on: one Temporal CLI dev server, the product's worker and gateway
// as compiled processes (the worker alone in its process, so its RSS means something),
// the provider simulators in this process, and the order store: embedded PGlite in the
// worker (read over its loopback socket), or PostgreSQL when DATABASE_URL is set or
// BENCH_POSTGRES=1 (a throwaway cluster, as the e2e tests start one).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { isReadyMessage } from '../../../src/devstack/readiness';
import { startDevServer } from '../../worker/support/worker-process';
import { terminate } from '../../../src/devstack/terminate';
import { openOrderStoreReader } from '../../../src/store';
import type { OrderStore } from '../../../src/store';
import { loadPayloadCodec } from '../../../src/temporal/codec/config';
import { buildProduct } from '../../e2e/support/build';
import { productEnv } from '../../e2e/support/product-env';
import { startSandbox } from '../../e2e/support/sandbox';
import type { LocalSandbox } from '../../e2e/support/sandbox';
import { waitForHttp } from '../../e2e/support/wait-for-http';
import { freePort } from '../../helpers/free-port';
import { findPostgresBin, startPostgres } from '../../helpers/postgres-server';
import type { PostgresServer } from '../../helpers/postgres-server';

export const BENCH_API_KEY = 'bench-api-key-0123456789abcdef0123456789abcdef';
const BENCH_CODEC_KEYS = `bench-1:${Buffer.alloc(32, 9).toString('base64')}`;

export interface ProductStack {
  temporalAddress: string;
  gatewayUrl: string;
  /** Payloads decoded with the product's codec. */
  client: Client;
  /** Reads the orders the worker writes. */
  store: OrderStore;
  sandbox: LocalSandbox;
  storeKind: 'pglite' | 'postgres';
  workerPid(): number;
  gatewayPid(): number;
  temporalPid(): number;
  /** A fresh worker process (empty cache) in place of the running one. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

async function postgresUrl(): Promise<{ url?: string; server?: PostgresServer }> {
  const given = process.env.DATABASE_URL?.trim();
  if (given) return { url: given };
  if (process.env.BENCH_POSTGRES !== '1') return {};
  const bin = findPostgresBin();
  if (!bin) throw new Error('BENCH_POSTGRES=1 but no PostgreSQL server binaries are installed');
  const server = await startPostgres(bin);
  return { url: server.url, server };
}

// BENCH_WORKER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the worker alone.
const workerNodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

function spawnWorker(script: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...workerNodeArgs, script], {
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not get ready in 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
    child.on('message', (message) => {
      if (!isReadyMessage(message)) return;
      clearTimeout(timer);
      resolve(child);
    });
  });
}

export async function startProductStack(): Promise<ProductStack> {
  const dist = buildProduct('bench');
  const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const temporal = await startDevServer(workDir);
  const postgres = await postgresUrl();
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const sandbox = await startSandbox(gatewayUrl);
  const socketPort = postgres.url ? undefined : await freePort();
  const env: NodeJS.ProcessEnv = {
    ...productEnv({
      sandbox: sandbox.sandbox,
      temporalAddress: temporal.address,
      databaseUrl: postgres.url ?? '',
      gatewayPort,
      gatewayUrl,
      apiKey: BENCH_API_KEY,
    }),
    PAYLOAD_CODEC_KEYS: BENCH_CODEC_KEYS,
    ...(socketPort === undefined
      ? {}
      : { ORDER_STORE_DATA_DIR: join(workDir, 'orders'), ORDER_STORE_SOCKET_PORT: String(socketPort) }),
  };
  const workerScript = join(dist, 'src', 'worker', 'main.js');
  let worker = await spawnWorker(workerScript, env);
  // BENCH_GATEWAY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") to profile the gateway.
  const gatewayNodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const gateway = spawn(process.execPath, [...gatewayNodeArgs, join(dist, 'src', 'gateway', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHttp(`${gatewayUrl}/readyz`, 60_000);

  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({
    connection,
    namespace: 'default',
    dataConverter: loadPayloadCodec({ PAYLOAD_CODEC_KEYS: BENCH_CODEC_KEYS }).dataConverter,
  });
  const store = openOrderStoreReader({ databaseUrl: postgres.url, socketPort });
  if (!store) throw new Error('no order store to read');

  return {
    temporalAddress: temporal.address,
    gatewayUrl,
    client,
    store,
    sandbox,
    storeKind: postgres.url ? 'postgres' : 'pglite',
    workerPid: () => worker.pid as number,
    gatewayPid: () => gateway.pid as number,
    temporalPid: () => temporal.process.pid as number,
    async restartWorker() {
      // The reader's socket connection dies with the PGlite owner; it reconnects on use.
      await terminate(worker);
      worker = await spawnWorker(workerScript, env);
    },
    async close() {
      await store.close();
      await connection.close();
      for (const child of [gateway, worker]) await terminate(child);
      await sandbox.close();
      await temporal.stop();
      await postgres.server?.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
