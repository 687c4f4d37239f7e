// What the gateway is built from. Everything is injected, so tests run the real app
// against a real Temporal server with their own clock, logger and metrics.
import type { Client } from '@temporalio/client';
import type { GatewayConfig } from '../config/env';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../metrics/metrics';
import type { Ecomtrade24MethodCheck } from '../providers/ecomtrade24';
import type { ProviderRegistry } from '../providers/registry';

export interface GatewayDeps {
  client: Client;
  config: Pick<GatewayConfig, 'apiKeys' | 'publicBaseUrl' | 'webhookBodyLimitBytes'>;
  providers: ProviderRegistry;
  logger: Logger;
  metrics: GatewayMetrics;
  taskQueue: string;
  /**
   * Ecomtrade24 smart routing, checked before a checkout starts (config/providers.ts builds
   * it from the adapter's exported check). Without it, the session itself refuses the method.
   */
  checkEcomtrade24Method?: (method: string) => Promise<Ecomtrade24MethodCheck>;
  /** The clock stamped on inbound requests and cancel requests; injectable for tests. */
  now?: () => Date;
}

/** GatewayDeps with the defaults filled in, as the routes use them. */
export type ResolvedDeps = GatewayDeps & { now: () => Date };

export function resolveDeps(deps: GatewayDeps): ResolvedDeps {
  return { ...deps, now: deps.now ?? (() => new Date()) };
}
