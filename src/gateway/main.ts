// The gateway process: parse the configuration once, connect to Temporal, listen, and
// on SIGTERM/SIGINT shut down gracefully: stop accepting, let in-flight requests finish
// (bounded by SHUTDOWN_GRACE_MS), close the Temporal connection, exit.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadGatewayConfig } from '../config/env';
import type { GatewayConfig } from '../config/env';
import { loadProviders } from '../config/providers';
import { createLogger } from '../logging/logger';
import type { Logger } from '../logging/logger';
import { createMetrics } from '../metrics/metrics';
import { createApp } from './app';

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
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
  // Lazy: the process comes up even while Temporal is down; /readyz says when it is back.
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({
    client,
    config,
    providers,
    logger,
    metrics: createMetrics(),
    taskQueue: config.temporal.taskQueue,
    checkEcomtrade24Method,
  });
  const httpServer = createServer(app);
  await listen(httpServer, config.port);
  logger.info(
    {
      port: config.port,
      publicBaseUrl: config.publicBaseUrl,
      providers: providers.enabled(),
      temporal: config.temporal,
    },
    'gateway listening',
  );

  onShutdownSignal(async (signal) => {
    logger.info({ signal }, 'shutting down: no new connections, draining requests');
    await closeServer(httpServer, config.shutdownGraceMs);
    await connection.close();
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
