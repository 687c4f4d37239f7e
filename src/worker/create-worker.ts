// Builds the checkout worker: the workflow code (the prebuilt bundle in dist/, else
// bundled from source, see workflow-code.ts), the activities with their dependencies
// injected. Shared by the worker process, the dev stack and tests.
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ProviderRegistry } from '../providers/registry';
import type { OrderStore } from '../store';
import { workflowCode } from './workflow-code';

export interface CheckoutWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  providers: ProviderRegistry;
  store: OrderStore;
  maxConcurrentActivities?: number;
  /** The payload codec (src/temporal/codec/config.ts); without one payloads stay plain. */
  dataConverter?: DataConverter;
}

export function createCheckoutWorker(options: CheckoutWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowCode(),
    activities: createActivities({ providers: options.providers, store: options.store }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
    dataConverter: options.dataConverter,
  });
}
