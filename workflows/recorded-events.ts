// Events that arrived before anyone could find this checkout: they named no checkout id,
// and their provider reference was not yet searchable, so the gateway recorded them for
// an unknown checkout. Once the checkout knows its reference it claims them from the
// order store (atomically: no other checkout can take them) and applies each one as if it
// had been signalled, through the same ledger (admit, dedup) and the same loop.
import { log } from '@temporalio/workflow';
import type { ClaimRecordedEventsResult } from '../activities';
import type { CheckoutRun } from './checkout-run';

/** Runs recorded before this change never claimed anything, so their histories replay. */
export const CLAIM_RECORDED_EVENTS_PATCH = 'claim-recorded-events';

/** `claimed`: what a lean run's recordProviderReference claimed already (open-session.ts). */
export async function claimRecordedEvents(
  run: CheckoutRun,
  claimed?: ClaimRecordedEventsResult,
): Promise<void> {
  const { checkoutId, provider, session } = run.state;
  if (session === undefined || !run.since(CLAIM_RECORDED_EVENTS_PATCH)) return;
  const { events, unreadable } =
    claimed ??
    (await run.store.claimRecordedEvents({
      provider,
      providerReference: session.providerReference,
      checkoutId,
    }));
  if (unreadable > 0) log.warn('recorded events claimed but unreadable', { unreadable });
  for (const event of events) run.onRecordedEvent(event);
}
