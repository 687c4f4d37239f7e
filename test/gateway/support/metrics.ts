// Gateway tests read the metrics the way Prometheus does: over HTTP, from the metrics
// listener (src/metrics/server.ts), which is not the API port.
import { createServer } from 'node:http';
import { metricsApp } from '../../../src/metrics/server';
import type { GatewayMetrics } from '../../../src/metrics/metrics';
import { closeServer, listenEphemeral } from './harness';
import { send } from './http';
import type { Answer } from './http';

/** GET `path` (default /metrics) on a metrics listener of its own, then closes it. */
export async function scrapeMetrics(metrics: GatewayMetrics, path = '/metrics'): Promise<Answer> {
  const server = createServer(metricsApp(metrics));
  try {
    return await send(`${await listenEphemeral(server)}${path}`);
  } finally {
    await closeServer(server);
  }
}
