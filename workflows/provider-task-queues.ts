// Provider API calls run on a task queue per provider, beside the workflow's own queue
// (`checkouts` -> `checkouts-provider-wipay`), served by workers with that provider's
// rate limit and slots: one slow or rate-limited provider cannot take the activity
// slots of the others. Derived from the workflow's queue, so workers on different
// queues (deployments, tests) never take each other's calls.
import type { ProviderId } from './domain';

export function providerTaskQueue(workflowTaskQueue: string, provider: ProviderId): string {
  return `${workflowTaskQueue}-provider-${provider}`;
}

/** The workflow's queue a provider queue was derived from (a label for the provider calls' metrics). */
export function workflowTaskQueueOf(providerQueue: string, provider: ProviderId): string {
  const suffix = `-provider-${provider}`;
  return providerQueue.endsWith(suffix) ? providerQueue.slice(0, -suffix.length) : providerQueue;
}
