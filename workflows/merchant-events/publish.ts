// Publishing merchant events from the checkout and payment workflows: an activity with
// the store's patience writes each event once and starts its delivery. Runs recorded
// before merchant events existed publish nothing, so their histories replay.
import { ActivityFailure } from '@temporalio/common';
import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { storeOptions } from '../activity-options';
import type { PublishMerchantEventInput } from './contract';

export const MERCHANT_EVENTS_PATCH = 'merchant-events';

const publisher = proxyActivities<Activities>(storeOptions);

/**
 * Retried without limit (an outage delays, never drops, an event); only an input the
 * activity refuses for good reaches here, and a lost notice must not fail the checkout
 * or the payment that sent it: it is logged for ops instead.
 */
export async function publishMerchantEvents(events: readonly PublishMerchantEventInput[]): Promise<void> {
  if (events.length === 0 || !patched(MERCHANT_EVENTS_PATCH)) return;
  for (const event of events) {
    try {
      await publisher.publishMerchantEvent(event);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.error('merchant event not published', { type: event.type, reason: error.cause?.message });
    }
  }
}
