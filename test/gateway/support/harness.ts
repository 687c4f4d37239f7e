// Everything a gateway test file needs, once per file: a real Temporal dev server (with
// the search attributes, for visibility queries), the real worker (workflows bundled
// from source, activities with the real adapters pointed at the simulators and the
// order store on in-memory PGlite) and the real app on 127.0.0.1 over HTTP.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { ClientInterceptors, ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createProviderWorkers, runWorkers, shutdownWorkers } from '../../../src/worker/provider-workers';
import { PROVIDER_IDS } from '../../../workflows/domain';
import type { WorkerPlugin } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import type { MerchantEventSettings } from '../../../activities/merchant-events';
import { loadProviders } from '../../../src/config/providers';
import { createApp } from '../../../src/gateway/app';
import { createLogger } from '../../../src/logging/logger';
import { createMetrics } from '../../../src/metrics/metrics';
import type { GatewayMetrics } from '../../../src/metrics/metrics';
import type { ProviderRegistry } from '../../../src/providers/registry';
import { openOrderStore, openOrderStoreReader } from '../../../src/store';
import type { OrderStore } from '../../../src/store';
import { createDevServerEnv } from '../../helpers/temporal-env';
import { startSandboxes } from './sandboxes';
import type { Sandboxes } from './sandboxes';

export const API_KEY = 'test-api-key-0123456789abcdef0123456789abcdef';
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

export interface Harness {
  env: TestWorkflowEnvironment;
  client: Client;
  url: string;
  sandboxes: Sandboxes;
  providers: ProviderRegistry;
  store: OrderStore;
  metrics: GatewayMetrics;
  taskQueue: string;
  /** Every JSON log line the gateway wrote. */
  logs: string[];
  close(): Promise<void>;
}

export function listenEphemeral(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A logger whose lines land in an array, so tests can read what was logged. */
export function captureLogger(lines: string[]) {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return createLogger({ level: 'info', destination });
}

/** `providerEnv` adds to (or overrides) the provider settings that point at the simulators. */
export async function startHarness(
  options: {
    providerEnv?: NodeJS.ProcessEnv;
    /** Stands a test-local adapter in for some calls (payment tests: support/ledger-adapter.ts). */
    wrapProviders?: (real: ProviderRegistry) => ProviderRegistry;
    /** Where the worker sends signed merchant events (none when absent). */
    merchantWebhook?: MerchantEventSettings;
    /** The payload codec the worker and the gateway's client share (src/temporal/codec). */
    dataConverter?: DataConverter;
    /**
     * The gateway reads the worker's order store (attempts and outcomes past retention) the
     * way `npm start` wires it: the worker serves its PGlite on a loopback pglite-socket
     * port and the gateway reads it there with pg.
     */
    gatewayReadsStore?: boolean;
    /** Tracing, as the processes set it up (src/telemetry/temporal-tracing.ts). */
    workerPlugins?: WorkerPlugin[];
    clientInterceptors?: ClientInterceptors;
    /** gRPC interceptors on the gateway's own connection (after the SDK's retry one): to see its RPCs. */
    grpcInterceptors?: ConnectionOptions['interceptors'];
  } = {},
): Promise<Harness> {
  const env = await createDevServerEnv();
  // The gateway listens first: its URL is PUBLIC_BASE_URL, which the simulators call back.
  const server = createServer();
  const url = await listenEphemeral(server);
  const sandboxes = await startSandboxes(url);
  const { registry: loaded, checkEcomtrade24Method } = loadProviders({
    ...sandboxes.env,
    ...options.providerEnv,
  });
  const providers = options.wrapProviders ? options.wrapProviders(loaded) : loaded;
  const store = await openOrderStore({
    dataDir: 'memory://',
    ...(options.gatewayReadsStore ? { socketPort: 0 } : {}),
  });
  const gatewayStore = store.socketUrl
    ? openOrderStoreReader({ socketPort: Number(new URL(store.socketUrl).port) })
    : undefined;
  const taskQueue = `gateway-test-${randomUUID()}`;
  const activities = createActivities({ providers, store, merchantWebhook: options.merchantWebhook ?? null });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../../workflows'),
    activities,
    dataConverter: options.dataConverter,
    plugins: options.workerPlugins,
  });
  // Provider calls run on the providers' own task queues, as in the worker process.
  const providerWorkers = await createProviderWorkers({
    connection: env.nativeConnection,
    taskQueue,
    providers: PROVIDER_IDS,
    activities,
    dataConverter: options.dataConverter,
    plugins: options.workerPlugins,
  });
  const workerRun = runWorkers([worker, ...providerWorkers]);
  const logs: string[] = [];
  const metrics = createMetrics({ collectDefaults: false });
  const connection = options.grpcInterceptors
    ? await Connection.connect({
        address: env.address,
        interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), ...options.grpcInterceptors],
      })
    : undefined;
  const client =
    options.dataConverter || options.clientInterceptors || connection
      ? new Client({
          connection: connection ?? env.connection,
          namespace: env.namespace,
          dataConverter: options.dataConverter,
          interceptors: options.clientInterceptors,
        })
      : env.client;
  const app = createApp({
    client,
    config: { apiKeys: [API_KEY], publicBaseUrl: url, webhookBodyLimitBytes: WEBHOOK_BODY_LIMIT },
    providers,
    logger: captureLogger(logs),
    metrics,
    taskQueue,
    checkEcomtrade24Method,
    // The gateway reads the store the worker writes (lists, Idempotency-Keys, attempts):
    // over the worker's pglite-socket when asked to, else the same in-process store.
    store: gatewayStore ?? store,
  });
  server.on('request', app);

  return {
    env,
    client,
    url,
    sandboxes,
    providers,
    store,
    metrics,
    taskQueue,
    logs,
    async close() {
      await closeServer(server);
      await sandboxes.close();
      shutdownWorkers([worker, ...providerWorkers]);
      await workerRun;
      await gatewayStore?.close();
      await connection?.close();
      await store.close();
      await env.teardown();
    },
  };
}
