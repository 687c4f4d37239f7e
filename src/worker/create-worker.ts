// Builds the checkout worker: the workflow code (the prebuilt bundle in dist/, else
// bundled from source, see workflow-code.ts), the activities with their dependencies
// injected; and beside it one worker per enabled provider for that provider's API calls
// (provider-workers.ts). Shared by the worker process, the dev stack and tests.
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, WorkerPlugin } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ProviderId } from '../../workflows/domain';
import type { ProviderRegistry } from '../providers/registry';
import type { OrderStore } from '../store';
import type { ProviderLimit } from './provider-limits';
import { createProviderWorkers } from './provider-workers';
import { workflowCode } from './workflow-code';

export interface CheckoutWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  providers: ProviderRegistry;
  store: OrderStore;
  maxConcurrentActivities?: number;
  /** Workflows kept in memory (cache-sizing.ts); the SDK's heap-based default when absent. */
  maxCachedWorkflows?: number;
  /** Rate and slots of each provider's task queue. */
  providerLimits?: Partial<Record<ProviderId, ProviderLimit>>;
  /** The payload codec (src/temporal/codec/config.ts); without one payloads stay plain. */
  dataConverter?: DataConverter;
  /** Tracing (src/telemetry/temporal-tracing.ts) when OTEL_* turns it on. */
  plugins?: WorkerPlugin[];
}

/** The SDK's default workflow task slots; never more than the cache holds (it would warn and lower them). */
const WORKFLOW_TASK_SLOTS = 40;

function workflowCacheOptions(maxCachedWorkflows: number | undefined) {
  if (maxCachedWorkflows === undefined) return {};
  return maxCachedWorkflows === 0
    ? { maxCachedWorkflows }
    : {
        maxCachedWorkflows,
        maxConcurrentWorkflowTaskExecutions: Math.min(WORKFLOW_TASK_SLOTS, maxCachedWorkflows),
      };
}

/** The workflow worker first, then one worker per enabled provider. */
export async function createCheckoutWorkers(options: CheckoutWorkerOptions): Promise<Worker[]> {
  const activities = createActivities({ providers: options.providers, store: options.store });
  const main = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowCode(),
    activities,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
    ...workflowCacheOptions(options.maxCachedWorkflows),
    dataConverter: options.dataConverter,
    plugins: options.plugins,
  });
  const perProvider = await createProviderWorkers({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    providers: options.providers.enabled(),
    activities,
    limits: options.providerLimits,
    dataConverter: options.dataConverter,
    plugins: options.plugins,
  });
  return [main, ...perProvider];
}
