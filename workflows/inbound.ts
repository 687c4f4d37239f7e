// An event for a closed or unknown checkout. The gateway starts this with the id
// inboundEventWorkflowId(event), so a redelivery is the same workflow and one record;
// the store's unique key makes even a second run a no-op.
import { getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import type { InboundEventRecord } from './contract';
import { checkoutWorkflowId, providerEventSignal } from './contract';
import { store } from './proxies';

/** Records made before this did not look for a payment after cancel; they replay that way. */
const CLOSED_PAID_AFTER_CANCEL_PATCH = 'closed-checkout-paid-after-cancel';

/** Runs recorded before this change only recorded, so their histories replay. */
const FORWARD_RECORDED_EVENT_PATCH = 'forward-recorded-event';

export async function recordInboundEventWorkflow(record: InboundEventRecord): Promise<{ recorded: boolean }> {
  const result = await store.recordInboundEvent(record);
  if (record.reason === 'unknownCheckout' && record.event.providerReference !== undefined) {
    if (patched(FORWARD_RECORDED_EVENT_PATCH)) await forwardToCheckout(record);
  }
  // Money for a checkout that closed cancelled: kept as a payment after cancel for ops.
  const mayBeMoney =
    record.reason === 'closedCheckout' && record.checkoutId !== undefined && record.event.kind === 'fulfil';
  if (mayBeMoney && patched(CLOSED_PAID_AFTER_CANCEL_PATCH)) await store.notePaidAfterClosedCancel(record);
  return result;
}

/**
 * "Unknown" may only mean "not searchable yet": the checkout may have stored this
 * reference a moment ago, after it claimed what was recorded before. The store, not
 * visibility, says whose it is; that checkout gets the event as a signal (its ledger
 * counts a copy it also claimed as a duplicate).
 */
async function forwardToCheckout(record: InboundEventRecord): Promise<void> {
  const { checkoutId } = await store.claimRecordedEventForCheckout(record);
  if (checkoutId === undefined) return;
  try {
    await getExternalWorkflowHandle(checkoutWorkflowId(checkoutId)).signal(providerEventSignal, record.event);
  } catch (error) {
    // It closed in between: the event stays recorded (and marked) for ops, as a late one would.
    log.warn('recorded event not forwarded: the checkout is no longer running', {
      checkoutId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
