// The gateway process: parse the configuration once, connect to Temporal (envconfig
// settings, payloads through the codec; the namespace must have the checkout search
// attributes), listen (the API on HOST:PORT, Prometheus metrics on
// METRICS_HOST:METRICS_PORT, the codec server on CODEC_SERVER_HOST:CODEC_SERVER_PORT when
// set, all loopback unless the operator opens them), tell a supervisor it is ready, and on SIGTERM/SIGINT shut down
// gracefully: stop accepting, let in-flight requests finish (bounded by
// SHUTDOWN_GRACE_MS), close the Temporal connection, exit. Traces (OTEL_*) when asked for.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { loadGatewayConfig } from '../config/env';
import type { GatewayConfig } from '../config/env';
import { loadProviders } from '../config/providers';
import { createLogger } from '../logging/logger';
import type { Logger } from '../logging/logger';
import { createMetrics } from '../metrics/metrics';
import { metricsApp } from '../metrics/server';
import { announceReady } from '../devstack/readiness';
import { loadPayloadCodec } from '../temporal/codec/config';
import { tracingClientInterceptors } from '../telemetry/temporal-tracing';
import { startTracing } from '../telemetry/tracing';
import { loadTemporalConnection } from '../temporal/connection';
import { createApp } from './app';
import { createCodecServerApp } from './codec-server/app';
import { loadCodecServerConfig } from './codec-server/config';
import { checkSearchAttributesOnceReachable } from './search-attributes-at-start';
import { openGatewayStore } from './order-store-access';

/** Resolves with the address actually bound (port 0 picks a free one). */
function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets would hold close() open forever; idle ones go now, busy ones
    // when their request ends, and whatever is left when the grace period is over.
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(signal);
    });
  }
}

async function run(config: GatewayConfig, logger: Logger): Promise<void> {
  const { registry: providers, checkEcomtrade24Method } = loadProviders(process.env);
  const temporal = loadTemporalConnection(process.env);
  const { codec, dataConverter, encryptingKeyId } = loadPayloadCodec(process.env);
  const codecServer = loadCodecServerConfig(process.env);
  if (!codec) logger.warn('PAYLOAD_CODEC_KEYS is not set: payloads reach Temporal unencrypted');
  if (codecServer && !codec) throw new Error('CODEC_SERVER_PORT is set but PAYLOAD_CODEC_KEYS is not');
  // Read-only, connected lazily: the first request that needs it opens the connection.
  const store = openGatewayStore(process.env);
  // Lazy: the process comes up even while Temporal is down; /readyz says when it is back.
  const connection = Connection.lazy(temporal.connectionOptions);
  const tracing = startTracing(process.env, 'checkout-gateway');
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter,
    interceptors: tracingClientInterceptors(tracing),
  });
  await checkSearchAttributesOnceReachable(connection, config.temporal.namespace, logger);
  const metrics = createMetrics();
  const app = createApp({
    client,
    config,
    providers,
    logger,
    metrics,
    taskQueue: config.temporal.taskQueue,
    checkEcomtrade24Method,
    store,
  });
  const httpServer = createServer(app);
  const metricsServer = createServer(metricsApp(metrics));
  const api = await listen(httpServer, config.host, config.port);
  const scrape = await listen(metricsServer, config.metrics.host, config.metrics.port);
  const codecHttp =
    codec && codecServer
      ? createServer(createCodecServerApp({ codec, config: codecServer, logger }))
      : undefined;
  const codecAt =
    codecHttp && codecServer ? await listen(codecHttp, codecServer.host, codecServer.port) : undefined;
  logger.info(
    {
      listen: `${api.address}:${api.port}`,
      metrics: `${scrape.address}:${scrape.port}`,
      codecServer: codecAt ? `${codecAt.address}:${codecAt.port}` : undefined,
      publicBaseUrl: config.publicBaseUrl,
      providers: providers.enabled(),
      temporal: { ...config.temporal, ...temporal.summary },
      payloadCodecKeyId: encryptingKeyId,
      orderStore: store ? store.kind : 'none',
      tracing: tracing !== undefined,
    },
    'gateway listening',
  );
  announceReady();

  onShutdownSignal(async (signal) => {
    logger.info({ signal }, 'shutting down: no new connections, draining requests');
    await Promise.all([
      closeServer(httpServer, config.shutdownGraceMs),
      closeServer(metricsServer, config.shutdownGraceMs),
      ...(codecHttp ? [closeServer(codecHttp, config.shutdownGraceMs)] : []),
    ]);
    await connection.close();
    await store?.close();
    await tracing?.shutdown();
    logger.info('gateway stopped');
    process.exit(0);
  });
}

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  await run(config, createLogger({ level: config.logLevel }));
}

main().catch((err: unknown) => {
  // A ConfigError names the variable, never its value.
  createLogger({ level: 'info' }).fatal({ err }, 'gateway failed to start');
  process.exit(1);
});
