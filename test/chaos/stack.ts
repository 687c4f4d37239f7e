// The product as separate real processes on loopback for the soak: the Temporal CLI dev
// server on a SQLite file (so a restart keeps every checkout), PostgreSQL for orders,
// the compiled worker and gateway, and the five provider simulators in this process.
// Unlike test/e2e/support/stack.ts, every piece can be taken down and brought back, and
// a process that dies on its own is restarted (as a supervisor would) and reported.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MerchantClient } from '../../src/demo/merchant-client';
import { isReadyMessage } from '../../src/devstack/readiness';
import { terminate } from '../../src/devstack/terminate';
import { startTemporalDevServer } from '../../src/devstack/temporal-dev-server';
import type { TemporalDevServer } from '../../src/devstack/temporal-dev-server';
import type { Sandbox } from '../../src/sandbox/all';
import { resolveToolchain } from '../../src/temporal/toolchain';
import { API_KEY } from '../e2e/support/stack';
import { buildProduct } from '../e2e/support/build';
import { hostSandbox, productEnv } from '../e2e/support/product-env';
import { waitForHttp } from '../e2e/support/wait-for-http';
import { freePort } from '../helpers/free-port';
import { findPostgresBin, startPostgres } from '../helpers/postgres-server';
import type { PostgresServer } from '../helpers/postgres-server';

/** Providers redeliver long enough (about 2 minutes) to outlast any outage the soak makes. */
const SOAK_RETRY = { maxAttempts: 60, initialBackoffMs: 250, maxBackoffMs: 2_000 };

export interface ChaosStack {
  api: MerchantClient;
  gatewayUrl: string;
  sandboxUrl: string;
  sandbox: Sandbox;
  postgres: PostgresServer;
  /** Where the worker's and gateway's stderr go (kept when the soak fails). */
  workDir: string;
  killWorker(): Promise<void>;
  startWorker(): void;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** Processes that died on their own after they were ready, e.g. "worker exit 1": crashes. */
  unexpectedExits: string[];
  /** Processes that gave up starting (a dependency was down) and were started again. */
  startFailures: string[];
  close(options?: { keepWorkDir?: boolean }): Promise<void>;
}

export async function startChaosStack(): Promise<ChaosStack> {
  const dist = buildProduct('chaos');
  const { cliPath } = resolveToolchain();
  if (!cliPath) throw new Error('no Temporal CLI: run scripts/temporal-toolchain.sh');
  const pgBin = findPostgresBin();
  if (!pgBin) throw new Error('no PostgreSQL server binaries: run scripts/ci-system-packages.sh');

  const workDir = mkdtempSync(join(tmpdir(), 'chaos-'));
  const [temporalPort, gatewayPort] = [await freePort(), await freePort()];
  const temporalOptions = {
    cliPath,
    ip: '127.0.0.1',
    port: temporalPort,
    dbFile: join(workDir, 'temporal.sqlite'),
    namespace: 'default',
    stdio: 'ignore' as const,
  };
  let temporal: TemporalDevServer | undefined = await startTemporalDevServer(temporalOptions);
  const postgres = await startPostgres(pgBin);

  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const { sandbox, server: sandboxServer } = await hostSandbox(gatewayUrl, SOAK_RETRY);

  const env = productEnv({
    sandbox,
    temporalAddress: temporal.address,
    databaseUrl: postgres.url,
    gatewayPort,
    gatewayUrl,
    apiKey: API_KEY,
  });
  const unexpectedExits: string[] = [];
  const startFailures: string[] = [];
  const stopping = new Set<ChildProcess>();
  let closing = false;
  const log = openSync(join(workDir, 'processes.log'), 'a');
  const supervised = (name: string, script: string, onRestart: (child: ChildProcess) => void) => {
    const start = (): ChildProcess => {
      // The IPC channel carries the process's 'ready' (src/devstack/readiness.ts).
      const child = spawn(process.execPath, [join(dist, 'src', script)], {
        env,
        stdio: ['ignore', log, log, 'ipc'],
      });
      let ready = false;
      child.on('message', (message) => (ready ||= isReadyMessage(message)));
      child.once('exit', (code, signal) => {
        if (stopping.delete(child) || closing) return;
        (ready ? unexpectedExits : startFailures).push(`${name} exit ${code ?? signal}`);
        // A supervisor brings it back after a moment, as in production.
        setTimeout(() => !closing && onRestart(start()), 1_000).unref();
      });
      return child;
    };
    return start;
  };
  let worker: ChildProcess;
  let gateway: ChildProcess;
  const startWorkerProcess = supervised('worker', join('worker', 'main.js'), (c) => (worker = c));
  const startGatewayProcess = supervised('gateway', join('gateway', 'main.js'), (c) => (gateway = c));
  worker = startWorkerProcess();
  gateway = startGatewayProcess();
  await waitForHttp(`${gatewayUrl}/readyz`, 60_000);

  const stopChild = async (child: ChildProcess, signal?: NodeJS.Signals) => {
    stopping.add(child);
    await terminate(child, signal);
  };
  return {
    api: new MerchantClient(gatewayUrl, API_KEY),
    gatewayUrl,
    sandboxUrl: sandboxServer.url,
    sandbox,
    postgres,
    workDir,
    unexpectedExits,
    startFailures,
    killWorker: () => stopChild(worker, 'SIGKILL'),
    startWorker() {
      worker = startWorkerProcess();
    },
    async stopTemporal() {
      await temporal?.stop();
      temporal = undefined;
    },
    async startTemporal() {
      temporal = await startTemporalDevServer(temporalOptions);
    },
    async close({ keepWorkDir = false } = {}) {
      closing = true;
      sandbox.stop();
      for (const child of [worker, gateway]) await stopChild(child);
      await sandboxServer.close();
      await temporal?.stop();
      await postgres.stop();
      if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}
