// The worker's activities, built from injected dependencies. Workflows see them only as
// a type: `proxyActivities<Activities>(…)`.
import type { ProviderRegistry } from '../src/providers/registry';
import type { OrderStore } from '../src/store';
import { loadMerchantWebhookConfig } from '../src/config/env';
import { affirmCaptureModeFromEnv } from '../src/config/payments';
import type { CaptureMode } from '../workflows/payment/contract';
import type { MerchantEventSettings } from './merchant-events';
import { createMerchantEventActivities } from './merchant-events';
import { createPaymentActivities } from './payment-calls';
import { createProviderActivities } from './provider-calls';
import { createStatusWatchActivities } from './status-watch';
import { createStoreActivities } from './store-calls';

export interface ActivityDeps {
  providers: ProviderRegistry;
  store: OrderStore;
  /** Clock for what activities stamp themselves; injectable for tests. */
  now?: () => Date;
  /** How Affirm authorizations are captured; default: AFFIRM_CAPTURE from the environment (manual). */
  affirmCapture?: CaptureMode;
  /**
   * Where signed merchant events go; default: MERCHANT_WEBHOOK_URL / MERCHANT_WEBHOOK_SECRET
   * from the environment. null: none are sent (nor published).
   */
  merchantWebhook?: MerchantEventSettings | null;
}

export function createActivities(deps: ActivityDeps) {
  const merchantWebhook =
    deps.merchantWebhook === undefined
      ? loadMerchantWebhookConfig(process.env)
      : (deps.merchantWebhook ?? undefined);
  const storeActivities = createStoreActivities(deps.store, deps.now ?? (() => new Date()));
  return {
    ...createProviderActivities(deps.providers),
    ...createStatusWatchActivities(deps.providers),
    ...storeActivities,
    ...createPaymentActivities(
      deps.providers,
      deps.store,
      deps.affirmCapture ?? affirmCaptureModeFromEnv(process.env),
    ),
    ...createMerchantEventActivities(deps.store, merchantWebhook, deps.now ?? (() => new Date())),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type * from './types';
