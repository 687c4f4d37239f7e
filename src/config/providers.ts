// The providers this deployment can use, from the environment. Each provider's own
// loader owns its variables (absent credentials: the provider is disabled; present but
// wrong: an error naming the variable). The gateway and the worker both build their
// registry here, so they always agree on which providers exist.
import type { ProviderId } from '../../workflows/domain';
import { PROVIDER_IDS } from '../../workflows/domain';
import { createAffirmAdapter, loadAffirmConfig } from '../providers/affirm';
import { createIwocaPayAdapter, loadIwocaPayConfig } from '../providers/iwocapay';
import type { ProviderRegistry } from '../providers/registry';
import { createProviderRegistry } from '../providers/registry';
import type { ProviderAdapter } from '../providers/types';
import { createWeGetFinancingAdapter, loadWeGetFinancingConfig } from '../providers/wegetfinancing';
import { createWipayAdapter, loadWipayConfig } from '../providers/wipay';
import { ConfigError } from './env';

type AdapterFactory = (env: NodeJS.ProcessEnv) => ProviderAdapter | undefined;

/** Loader and factory per provider: config parsed once, the adapter built from what it returned. */
const FACTORIES: Record<ProviderId, AdapterFactory> = {
  wegetfinancing: (env) => {
    const config = loadWeGetFinancingConfig(env);
    return config && createWeGetFinancingAdapter(config);
  },
  iwocapay: (env) => {
    const config = loadIwocaPayConfig(env);
    return config && createIwocaPayAdapter(config);
  },
  affirm: (env) => {
    const config = loadAffirmConfig(env);
    return config && createAffirmAdapter(config);
  },
  wipay: (env) => {
    const config = loadWipayConfig(env);
    return config && createWipayAdapter(config);
  },
  ecomtrade24: () => undefined,
};

/** Throws a ConfigError naming every misconfigured provider variable (never a value). */
export function loadProviderRegistry(env: NodeJS.ProcessEnv): ProviderRegistry {
  const adapters: Partial<Record<ProviderId, ProviderAdapter>> = {};
  const problems: string[] = [];
  for (const provider of PROVIDER_IDS) {
    try {
      const adapter = FACTORIES[provider](env);
      if (adapter) adapters[provider] = adapter;
    } catch (err) {
      problems.push(err instanceof Error ? err.message : `${provider}: invalid configuration`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return createProviderRegistry(adapters);
}
