// Events that arrived before anyone could find this checkout: they named no checkout id,
// and their provider reference was not yet searchable, so the gateway recorded them for
// an unknown checkout. Once the checkout knows its reference it claims them from the
// order store (atomically: no other checkout can take them) and applies each one as if it
// had been signalled, through the same ledger (admit, dedup) and the same loop.
import { log, patched } from '@temporalio/workflow';
import type { CheckoutRun } from './checkout-run';
import { store } from './proxies';

/** Runs recorded before this change never claimed anything, so their histories replay. */
export const CLAIM_RECORDED_EVENTS_PATCH = 'claim-recorded-events';

export async function claimRecordedEvents(run: CheckoutRun): Promise<void> {
  const { checkoutId, provider, session } = run.state;
  if (session === undefined || !patched(CLAIM_RECORDED_EVENTS_PATCH)) return;
  const { events, unreadable } = await store.claimRecordedEvents({
    provider,
    providerReference: session.providerReference,
    checkoutId,
  });
  if (unreadable > 0) log.warn('recorded events claimed but unreadable', { unreadable });
  for (const event of events) run.onRecordedEvent(event);
}
