// Finding a checkout by the provider's own reference, for providers that do not echo
// our checkout id. Visibility is eventually consistent, which is fine here: the
// reference is stored when the session opens, long before the customer can finish.
import type { Client } from '@temporalio/client';
import { checkoutIdFromWorkflowId } from '../../../workflows/contract';
import type { ProviderId } from '../../../workflows/domain';
import { SHORT_RPC_TIMEOUT_MS, withDeadline } from '../temporal-errors';

/** References are provider-generated ids; anything else cannot be quoted safely into a query. */
const SAFE_REFERENCE = /^[A-Za-z0-9._:-]{1,200}$/;

export interface FoundCheckout {
  checkoutId: string;
  workflowId: string;
  running: boolean;
}

export async function findByProviderReference(
  client: Client,
  provider: ProviderId,
  providerReference: string,
): Promise<FoundCheckout | undefined> {
  if (!SAFE_REFERENCE.test(providerReference)) return undefined;
  const query = `ProviderReference = "${providerReference}" AND CheckoutProvider = "${provider}"`;
  const found: FoundCheckout[] = [];
  await withDeadline(client.connection, SHORT_RPC_TIMEOUT_MS, async () => {
    for await (const execution of client.workflow.list({ query, pageSize: 10 })) {
      const checkoutId = checkoutIdFromWorkflowId(execution.workflowId);
      if (checkoutId === undefined) continue;
      found.push({
        checkoutId,
        workflowId: execution.workflowId,
        running: execution.status.name === 'RUNNING',
      });
      if (found.length >= 10) break;
    }
  });
  // One session has one reference; should several runs share it, the open one is the one to tell.
  return found.find((checkout) => checkout.running) ?? found[0];
}
