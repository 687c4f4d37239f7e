// The worker process with a workflow cache far smaller than the checkouts it runs: the
// compiled worker (WORKER_MAX_CACHED_WORKFLOWS=20, embedded store) against a dev server,
// the real gateway app in this process, the simulators delivering to it. 60 checkouts are
// opened, then all approved: most of them were evicted by then and must replay their
// history to take the postback, and every one still completes. The SDK's own cache
// metrics show the cache held at its size and evictions forced.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadProviders } from '../../src/config/providers';
import { terminate } from '../../src/devstack/terminate';
import type { TemporalDevServer } from '../../src/devstack/temporal-dev-server';
import { createApp } from '../../src/gateway/app';
import { createLogger } from '../../src/logging/logger';
import { createMetrics } from '../../src/metrics/metrics';
import type { LocalServer } from '../../src/sandbox/control';
import type { Sandbox } from '../../src/sandbox/all';
import { buildProduct } from '../e2e/support/build';
import { hostSandbox, productEnv } from '../e2e/support/product-env';
import { freePort } from '../helpers/free-port';
import { closeServer, listenEphemeral } from '../gateway/support/harness';
import { api, checkoutBody, eventually, record } from '../gateway/support/http';
import { spawnWorker, startDevServer, waitForReady } from './support/worker-process';

jest.setTimeout(300_000);

const API_KEY = 'eviction-api-key-0123456789abcdef0123456789abcdef';
const CACHE = 20;
const CHECKOUTS = 60;

/** One counter or gauge of the worker's Prometheus page, summed over its label sets. */
function metricSum(text: string, name: string): number {
  const pattern = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'gm');
  return [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
}

describe('the worker process with a cache smaller than its open checkouts', () => {
  let workDir: string;
  let temporal: TemporalDevServer;
  let sandbox: Sandbox;
  let sandboxServer: LocalServer;
  let worker: ChildProcess;
  let connection: Connection;
  let gatewayUrl: string;
  let metricsUrl: string;
  const server = createServer();

  beforeAll(async () => {
    const dist = buildProduct('worker-eviction');
    workDir = mkdtempSync(join(tmpdir(), 'worker-eviction-'));
    temporal = await startDevServer(workDir);
    gatewayUrl = await listenEphemeral(server);
    ({ sandbox, server: sandboxServer } = await hostSandbox(gatewayUrl, {
      maxAttempts: 20,
      initialBackoffMs: 200,
      maxBackoffMs: 1_000,
    }));
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    worker = spawnWorker(dist, {
      ...productEnv({
        sandbox,
        temporalAddress: temporal.address,
        databaseUrl: '',
        gatewayPort: 0,
        gatewayUrl,
        apiKey: API_KEY,
      }),
      ORDER_STORE_DATA_DIR: join(workDir, 'orders'),
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_MAX_CACHED_WORKFLOWS: String(CACHE),
    });
    worker.stdout?.resume();
    await waitForReady(worker, 120_000);

    connection = await Connection.connect({ address: temporal.address });
    const { registry, checkEcomtrade24Method } = loadProviders(sandbox.providerEnv);
    server.on(
      'request',
      createApp({
        client: new Client({ connection }),
        config: { apiKeys: [API_KEY], publicBaseUrl: gatewayUrl, webhookBodyLimitBytes: 64 * 1024 },
        providers: registry,
        logger: createLogger({ level: 'warn' }),
        metrics: createMetrics({ collectDefaults: false }),
        taskQueue: 'checkouts',
        checkEcomtrade24Method,
      }),
    );
  });

  afterAll(async () => {
    await closeServer(server);
    if (worker) await terminate(worker);
    await connection?.close();
    sandbox?.stop();
    await sandboxServer?.close();
    await temporal?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it(`${CHECKOUTS} checkouts through a cache of ${CACHE}: every one completes`, async () => {
    const opened: Array<{ checkoutId: string; providerReference: string }> = [];
    for (let i = 0; i < CHECKOUTS; i += 1) {
      const answer = await api(gatewayUrl, 'POST', '/checkouts', checkoutBody('wegetfinancing'), API_KEY);
      expect(answer.status).toBe(201);
      const created = record(answer.json);
      opened.push({
        checkoutId: String(created.checkoutId),
        providerReference: String(created.providerReference),
      });
    }
    const control = `${sandboxServer.url}/wegetfinancing/_sandbox/sessions`;
    for (const { providerReference } of opened) {
      const approved = await fetch(`${control}/${providerReference}/approve`, { method: 'POST' });
      expect(approved.status).toBe(200);
    }
    for (const { checkoutId } of opened) {
      await eventually(
        async () => {
          const state = record(
            (await api(gatewayUrl, 'GET', `/checkouts/${checkoutId}`, undefined, API_KEY)).json,
          );
          return state.status === 'completed' ? state : undefined;
        },
        60_000,
        `${checkoutId} to complete`,
      );
    }
    const text = await (await fetch(metricsUrl)).text();
    expect(text).toMatch(/^temporal_sticky_cache_size\{/m);
    expect(metricSum(text, 'temporal_sticky_cache_size')).toBeLessThanOrEqual(CACHE);
    expect(metricSum(text, 'temporal_sticky_cache_total_forced_eviction_total')).toBeGreaterThan(0);
  });
});
