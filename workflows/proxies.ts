// The activities as the workflow sees them: typed proxies, one per option set, so each
// call site says by its name how patient it is. Calls to a provider's API go to that
// provider's task queue (provider-task-queues.ts), picked from the `provider` of the
// call's own input: data, not a branch per provider. (Replay does not compare an
// activity's task queue, so histories recorded on the single queue still replay.)
import type { ActivityOptions } from '@temporalio/common';
import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ProviderId } from './domain';
import { localStoreOptions, pollOptions, providerCallOptions, storeOptions } from './activity-options';
import { providerTaskQueue } from './provider-task-queues';

/** The activities that call a provider's API; each takes `{ provider, … }`. */
export type ProviderActivities = Pick<
  Activities,
  | 'createProviderSession'
  | 'pollProviderStatus'
  | 'watchProviderStatus'
  | 'cancelProviderSession'
  | 'authorizeProviderTransaction'
  | 'voidProviderAuthorization'
  | 'capturePayment'
  | 'refundPayment'
  | 'updatePaymentShipping'
>;

type ProviderCall = (input: { provider: ProviderId }) => Promise<unknown>;

/** Proxies whose every call is scheduled on the task queue of the provider it names. */
export function onProviderQueues(options: ActivityOptions): ProviderActivities {
  const calls = new Proxy({} as Record<string, ProviderCall>, {
    get(_target, name: string): ProviderCall {
      return (input) => {
        const taskQueue = providerTaskQueue(workflowInfo().taskQueue, input.provider);
        const queued = proxyActivities<Record<string, ProviderCall>>({ ...options, taskQueue });
        return (queued[name] as ProviderCall)(input);
      };
    },
  });
  return calls as unknown as ProviderActivities;
}

export const providerCalls = onProviderQueues(providerCallOptions);
export const providerPolls = onProviderQueues(pollOptions);
export const store = proxyActivities<Activities>(storeOptions);
/** The store as local activities: runs under the lean-history patch (lean-history.ts) use these. */
export const localStore = proxyLocalActivities<Activities>(localStoreOptions);
