// What the gateway is built from. Everything is injected, so tests run the real app
// against a real Temporal server with their own clock, logger and metrics.
import type { Client } from '@temporalio/client';
import type { GatewayConfig } from '../config/env';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../metrics/metrics';
import type { Ecomtrade24MethodCheck } from '../providers/ecomtrade24';
import type { ProviderRegistry } from '../providers/registry';
import type { OrderStore } from '../store';
import { derivedCallbackSecret } from './callback-binding';

export interface GatewayDeps {
  client: Client;
  config: Pick<GatewayConfig, 'apiKeys' | 'publicBaseUrl' | 'webhookBodyLimitBytes'> &
    Partial<Pick<GatewayConfig, 'callbackSecret'>>;
  providers: ProviderRegistry;
  logger: Logger;
  metrics: GatewayMetrics;
  taskQueue: string;
  /**
   * Ecomtrade24 smart routing, checked before a checkout starts (config/providers.ts builds
   * it from the adapter's exported check). Without it, the session itself refuses the method.
   */
  checkEcomtrade24Method?: (method: string) => Promise<Ecomtrade24MethodCheck>;
  /**
   * The order store, read for what must outlive Temporal's retention (attempts, outcomes,
   * lists, outbound events). The gateway still writes only through Temporal.
   */
  store?: OrderStore;
  /** The clock stamped on inbound requests and cancel requests; injectable for tests. */
  now?: () => Date;
}

/** GatewayDeps with the defaults filled in, as the routes use them. */
export type ResolvedDeps = GatewayDeps & {
  now: () => Date;
  /** Signs and checks the browser-return URLs (callback-binding.ts). */
  callbackSecret: string;
};

export function resolveDeps(deps: GatewayDeps): ResolvedDeps {
  const [firstKey] = deps.config.apiKeys;
  const callbackSecret =
    deps.config.callbackSecret ?? (firstKey === undefined ? undefined : derivedCallbackSecret(firstKey));
  if (callbackSecret === undefined) throw new Error('the gateway needs an API key or a CALLBACK_SECRET');
  return { ...deps, now: deps.now ?? (() => new Date()), callbackSecret };
}
