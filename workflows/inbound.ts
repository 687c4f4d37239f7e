// An event for a closed or unknown checkout. The gateway starts this with the id
// inboundEventWorkflowId(event), so a redelivery is the same workflow and one record;
// the store's unique key makes even a second run a no-op.
import { patched } from '@temporalio/workflow';
import type { InboundEventRecord } from './contract';
import { store } from './proxies';

/** Records made before this did not look for a payment after cancel; they replay that way. */
const CLOSED_PAID_AFTER_CANCEL_PATCH = 'closed-checkout-paid-after-cancel';

export async function recordInboundEventWorkflow(record: InboundEventRecord): Promise<{ recorded: boolean }> {
  const result = await store.recordInboundEvent(record);
  // Money for a checkout that closed cancelled: kept as a payment after cancel for ops.
  const mayBeMoney =
    record.reason === 'closedCheckout' && record.checkoutId !== undefined && record.event.kind === 'fulfil';
  if (mayBeMoney && patched(CLOSED_PAID_AFTER_CANCEL_PATCH)) await store.notePaidAfterClosedCancel(record);
  return result;
}
