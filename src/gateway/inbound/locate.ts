// Finding a checkout by the provider's own reference, for providers that do not echo
// our checkout id. Visibility is eventually consistent and the workflow stores the
// reference a moment after the session opens, so an empty answer is asked again a few
// times (about 2 s in all) before the event is treated as one for an unknown checkout.
// Whether a named checkout runs, and for which provider, is read from the execution
// itself instead, which is never stale.
import type { Client } from '@temporalio/client';
import { checkoutIdFromWorkflowId, checkoutWorkflowId } from '../../../workflows/contract';
import type { ProviderId } from '../../../workflows/domain';
import { CheckoutProviderKey, CheckoutStatusKey } from '../../../workflows/search-attributes';
import { SHORT_RPC_TIMEOUT_MS, isWorkflowNotFound, withDeadline } from '../temporal-errors';

/** References are provider-generated ids; anything else cannot be quoted safely into a query. */
const SAFE_REFERENCE = /^[A-Za-z0-9._:-]{1,200}$/;

export interface FoundCheckout {
  checkoutId: string;
  workflowId: string;
  running: boolean;
}

/** Waits before each repeated look-up when visibility had nothing yet. */
const RETRY_DELAYS_MS = [250, 500, 1_000];

/** `retryDelaysMs: []` for a single look-up (a poll hint, which the schedule backs up anyway). */
export async function findByProviderReference(
  client: Client,
  provider: ProviderId,
  providerReference: string,
  retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
): Promise<FoundCheckout | undefined> {
  if (!SAFE_REFERENCE.test(providerReference)) return undefined;
  const query = `ProviderReference = "${providerReference}" AND CheckoutProvider = "${provider}"`;
  let found = await listOnce(client, query);
  for (const delayMs of retryDelaysMs) {
    if (found) break;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    found = await listOnce(client, query);
  }
  return found;
}

async function listOnce(client: Client, query: string): Promise<FoundCheckout | undefined> {
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

/** A checkout's provider and whether it runs, read from the execution (never stale). */
export async function checkoutExecution(
  client: Client,
  checkoutId: string,
): Promise<{ provider?: string; status?: string; running: boolean } | undefined> {
  try {
    const description = await withDeadline(client.connection, SHORT_RPC_TIMEOUT_MS, () =>
      client.workflow.getHandle(checkoutWorkflowId(checkoutId)).describe(),
    );
    return {
      provider: description.typedSearchAttributes.get(CheckoutProviderKey),
      // The workflow keeps it current; `cancelled` while running: listening for late payments.
      status: description.typedSearchAttributes.get(CheckoutStatusKey),
      running: description.status.name === 'RUNNING',
    };
  } catch (err) {
    if (isWorkflowNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * True only when the checkout's workflow is running and was started for `provider`: the
 * CheckoutProvider attribute is set when the gateway starts it and read here from the
 * execution (DescribeWorkflowExecution), not from the visibility store.
 */
export async function isRunningCheckoutOf(
  client: Client,
  provider: ProviderId,
  checkoutId: string,
): Promise<boolean> {
  const execution = await checkoutExecution(client, checkoutId);
  return execution?.running === true && execution.provider === provider;
}
