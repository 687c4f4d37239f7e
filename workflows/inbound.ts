// An event for a closed or unknown checkout. The gateway starts this with the id
// inboundEventWorkflowId(event), so a redelivery is the same workflow and one record;
// the store's unique key makes even a second run a no-op.
import type { InboundEventRecord } from './contract';
import { store } from './proxies';

export async function recordInboundEventWorkflow(record: InboundEventRecord): Promise<{ recorded: boolean }> {
  return store.recordInboundEvent(record);
}
