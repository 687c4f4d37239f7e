// Publishing merchant events from the checkout and payment workflows: an activity with
// the store's patience writes each event once and starts its delivery. Runs recorded
// before merchant events existed publish nothing, so their histories replay. A lean
// checkout run (lean-history.ts) publishes through a local activity: the write is keyed
// by the event id and the delivery workflow by that id too, so a repeat is harmless, and
// the activity itself asks whether a webhook is configured, so an event is published
// whenever one is, however late it was configured.
import { ActivityFailure } from '@temporalio/common';
import { log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { localStoreOptions, storeOptions } from '../activity-options';
import { activityCause } from '../failures';
import { since } from '../lean-history';
import type { PublishMerchantEventInput } from './contract';

export const MERCHANT_EVENTS_PATCH = 'merchant-events';

const publisher = proxyActivities<Activities>(storeOptions);
const localPublisher = proxyLocalActivities<Activities>(localStoreOptions);

/**
 * Retried without limit (an outage delays, never drops, an event); only an input the
 * activity refuses for good reaches here, and a lost notice must not fail the checkout
 * or the payment that sent it: it is logged for ops instead.
 */
export async function publishMerchantEvents(
  events: readonly PublishMerchantEventInput[],
  options: { lean?: boolean } = {},
): Promise<void> {
  const lean = options.lean === true;
  if (events.length === 0 || !since(lean, MERCHANT_EVENTS_PATCH)) return;
  const publish = lean ? localPublisher : publisher;
  for (const event of events) {
    try {
      await publish.publishMerchantEvent(event);
    } catch (error) {
      // A local activity's failure arrives unwrapped (failures.ts activityCause).
      const cause = activityCause(error);
      if (!cause && !(error instanceof ActivityFailure)) throw error;
      const reason = cause?.message ?? (error as ActivityFailure).cause?.message;
      log.error('merchant event not published', { type: event.type, reason });
    }
  }
}
