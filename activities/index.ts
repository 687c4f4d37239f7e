// The worker's activities, built from injected dependencies. Workflows see them only as
// a type: `proxyActivities<Activities>(…)`.
import type { ProviderRegistry } from '../src/providers/registry';
import type {
  CancelOrderInput,
  CancelOrderResult,
  CompleteOrderInput,
  CompleteOrderResult,
  OrderStore,
} from '../src/store';
import type { MerchantEventsAnswer } from './types';
import { loadMerchantWebhookConfig } from '../src/config/env';
import { affirmCaptureModeFromEnv } from '../src/config/payments';
import type { CaptureMode } from '../workflows/payment/contract';
import type { MerchantEventSettings } from './merchant-events';
import { createMerchantEventActivities } from './merchant-events';
import { createPaymentActivities } from './payment-calls';
import { createProviderActivities } from './provider-calls';
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
    ...storeActivities,
    ...answeringMerchantEvents(storeActivities, merchantWebhook !== undefined),
    ...createPaymentActivities(
      deps.providers,
      deps.store,
      deps.affirmCapture ?? affirmCaptureModeFromEnv(process.env),
    ),
    ...createMerchantEventActivities(deps.store, merchantWebhook, deps.now ?? (() => new Date())),
  };
}

/**
 * The decision's store writes also say whether this worker publishes merchant events: a
 * lean checkout run (workflows/lean-history.ts) publishes the decision's events through
 * a local activity on this same worker, which without a webhook would publish nothing,
 * so the run skips that call (workflows/checkout-run.ts takeMerchantEvents).
 */
function answeringMerchantEvents(writes: ReturnType<typeof createStoreActivities>, publishes: boolean) {
  return {
    completeOrder: async (
      input: CompleteOrderInput,
    ): Promise<CompleteOrderResult & MerchantEventsAnswer> => ({
      ...(await writes.completeOrder(input)),
      publishesMerchantEvents: publishes,
    }),
    cancelOrder: async (input: CancelOrderInput): Promise<CancelOrderResult & MerchantEventsAnswer> => ({
      ...(await writes.cancelOrder(input)),
      publishesMerchantEvents: publishes,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type * from './types';
