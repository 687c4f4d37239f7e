// Publishing merchant events from the checkout and payment workflows: an activity with
// the store's patience writes each event once and starts its delivery. Runs recorded
// before merchant events existed publish nothing, so their histories replay.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { storeOptions } from '../activity-options';
import type { PublishMerchantEventInput } from './contract';

export const MERCHANT_EVENTS_PATCH = 'merchant-events';

const publisher = proxyActivities<Activities>(storeOptions);

export async function publishMerchantEvents(events: readonly PublishMerchantEventInput[]): Promise<void> {
  if (events.length === 0 || !patched(MERCHANT_EVENTS_PATCH)) return;
  for (const event of events) await publisher.publishMerchantEvent(event);
}
