// The activities as the workflow sees them: typed proxies, one per option set, so each
// call site says by its name how patient it is.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { pollOptions, providerCallOptions, storeOptions } from './activity-options';

export const providerCalls = proxyActivities<Activities>(providerCallOptions);
export const providerPolls = proxyActivities<Activities>(pollOptions);
export const store = proxyActivities<Activities>(storeOptions);
