// The providers this deployment can use, from the environment. Each provider's own
// loader owns its variables (absent credentials: the provider is disabled; present but
// wrong: an error naming the variable). The gateway and the worker both build their
// registry here, so they always agree on which providers exist.
import type { AffirmConfig } from '../providers/affirm';
import { createAffirmAdapter, loadAffirmConfig } from '../providers/affirm';
import type { Ecomtrade24Config, Ecomtrade24MethodCheck } from '../providers/ecomtrade24';
import {
  checkEcomtrade24Method,
  createEcomtrade24Adapter,
  loadEcomtrade24Config,
} from '../providers/ecomtrade24';
import type { IwocaPayConfig } from '../providers/iwocapay';
import { createIwocaPayAdapter, loadIwocaPayConfig } from '../providers/iwocapay';
import type { ProviderRegistry } from '../providers/registry';
import { createProviderRegistry } from '../providers/registry';
import type { WeGetFinancingConfig } from '../providers/wegetfinancing';
import { createWeGetFinancingAdapter, loadWeGetFinancingConfig } from '../providers/wegetfinancing';
import type { WipayConfig } from '../providers/wipay';
import { createWipayAdapter, loadWipayConfig } from '../providers/wipay';
import { ConfigError } from './env';

/** Each provider's parsed settings; absent = disabled. */
export interface ProviderConfigs {
  wegetfinancing?: WeGetFinancingConfig;
  iwocapay?: IwocaPayConfig;
  affirm?: AffirmConfig;
  wipay?: WipayConfig;
  ecomtrade24?: Ecomtrade24Config;
}

export interface Providers {
  registry: ProviderRegistry;
  /** Ecomtrade24 smart routing: may a session name this method? (asks me.php). Absent when Ecomtrade24 is off. */
  checkEcomtrade24Method?: (method: string) => Promise<Ecomtrade24MethodCheck>;
}

/** Runs every loader, so one start-up reports every misconfigured variable at once. */
export function loadProviderConfigs(env: NodeJS.ProcessEnv): ProviderConfigs {
  const problems: string[] = [];
  const attempt = <T>(load: (env: NodeJS.ProcessEnv) => T | undefined): T | undefined => {
    try {
      return load(env);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : 'invalid provider configuration');
      return undefined;
    }
  };
  const configs: ProviderConfigs = {
    wegetfinancing: attempt(loadWeGetFinancingConfig),
    iwocapay: attempt(loadIwocaPayConfig),
    affirm: attempt(loadAffirmConfig),
    wipay: attempt(loadWipayConfig),
    ecomtrade24: attempt(loadEcomtrade24Config),
  };
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return configs;
}

export function providersFrom(configs: ProviderConfigs): Providers {
  const { wegetfinancing, iwocapay, affirm, wipay, ecomtrade24 } = configs;
  return {
    registry: createProviderRegistry({
      wegetfinancing: wegetfinancing && createWeGetFinancingAdapter(wegetfinancing),
      iwocapay: iwocapay && createIwocaPayAdapter(iwocapay),
      affirm: affirm && createAffirmAdapter(affirm),
      wipay: wipay && createWipayAdapter(wipay),
      ecomtrade24: ecomtrade24 && createEcomtrade24Adapter(ecomtrade24),
    }),
    checkEcomtrade24Method: ecomtrade24 && ((method) => checkEcomtrade24Method(ecomtrade24, method)),
  };
}

/** Throws a ConfigError naming every misconfigured provider variable (never a value). */
export function loadProviders(env: NodeJS.ProcessEnv): Providers {
  return providersFrom(loadProviderConfigs(env));
}

/** The registry alone, as the worker needs it. */
export function loadProviderRegistry(env: NodeJS.ProcessEnv): ProviderRegistry {
  return loadProviders(env).registry;
}
