// The adapters this deployment can use, keyed by the closed ProviderId union. A
// provider without credentials is simply absent: asking for it is a clear error.
import type { ProviderId } from '../../workflows/domain';
import { PROVIDER_IDS } from '../../workflows/domain';
import { ProviderDisabledError } from './errors';
import type { ProviderAdapter } from './types';

export interface ProviderRegistry {
  get(id: ProviderId): ProviderAdapter;
  isEnabled(id: ProviderId): boolean;
  enabled(): ProviderId[];
}

export function createProviderRegistry(
  adapters: Partial<Record<ProviderId, ProviderAdapter>>,
): ProviderRegistry {
  return {
    get(id) {
      const adapter = adapters[id];
      if (!adapter) throw new ProviderDisabledError(id);
      return adapter;
    },
    isEnabled: (id) => adapters[id] !== undefined,
    enabled: () => PROVIDER_IDS.filter((id) => adapters[id] !== undefined),
  };
}
