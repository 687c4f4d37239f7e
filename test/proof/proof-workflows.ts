// Two tiny workflows that prove the toolchain gives us real, working Temporal servers.
import { sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { MerchantOrderIdKey } from '../../workflows/search-attributes';

/** Sleeps on a durable timer and reports the workflow clock before and after. */
export async function sleepForDays(days: number): Promise<{ startedAt: number; wokeAt: number }> {
  const startedAt = Date.now();
  await sleep(`${days} days`);
  return { startedAt, wokeAt: Date.now() };
}

/** Tags itself with a custom search attribute so a visibility query can find it. */
export async function tagWithOrder(orderId: string): Promise<string> {
  upsertSearchAttributes({ [MerchantOrderIdKey.name]: [orderId] });
  return workflowInfo().workflowId;
}
