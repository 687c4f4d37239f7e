// The worker's activities, built from injected dependencies. Workflows see them only as
// a type: `proxyActivities<Activities>(…)`.
import type { ProviderRegistry } from '../src/providers/registry';
import type { OrderStore } from '../src/store';
import { createProviderActivities } from './provider-calls';
import { createStoreActivities } from './store-calls';

export interface ActivityDeps {
  providers: ProviderRegistry;
  store: OrderStore;
  /** Clock for what activities stamp themselves; injectable for tests. */
  now?: () => Date;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createProviderActivities(deps.providers),
    ...createStoreActivities(deps.store, deps.now ?? (() => new Date())),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type * from './types';
