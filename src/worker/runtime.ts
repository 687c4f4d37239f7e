// The worker process's Temporal runtime, installed once before any connection: the SDK's
// Prometheus endpoint (its own worker metrics and the checkout counters of
// workflows/metrics.ts) and one logger for the SDK, the native core, workflows and
// activities, which is the process's pino logger.
import { Runtime } from '@temporalio/worker';
import type { LogLevel } from '../config/env';
import type { Logger } from '../logging/logger';
import { SDK_LOG_LEVELS, sdkLoggerFor } from '../logging/sdk-logger';

export interface WorkerRuntimeOptions {
  logger: Logger;
  logLevel: LogLevel;
  metrics: { host: string; port: number };
}

/** `host:port` as the exporter binds it; an IPv6 address needs brackets. */
export function bindAddressOf({ host, port }: { host: string; port: number }): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function installWorkerRuntime(options: WorkerRuntimeOptions): Runtime {
  const level = SDK_LOG_LEVELS[options.logLevel];
  return Runtime.install({
    logger: sdkLoggerFor(options.logger),
    telemetryOptions: {
      // The native core's lines reach the same logger rather than stderr in its own format.
      logging: { filter: { core: level, other: 'ERROR' }, forward: {} },
      metrics: {
        // Counters end in _total, as Prometheus names them and as the gateway's do.
        prometheus: { bindAddress: bindAddressOf(options.metrics), countersTotalSuffix: true },
      },
    },
  });
}
