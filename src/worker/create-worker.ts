// Builds the checkout worker: the workflows bundled from source, the activities with
// their dependencies injected. Shared by the worker process, the dev stack and tests.
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, WorkerPlugin } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ProviderRegistry } from '../providers/registry';
import type { OrderStore } from '../store';

export interface CheckoutWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  providers: ProviderRegistry;
  store: OrderStore;
  maxConcurrentActivities?: number;
  /** The payload codec (src/temporal/codec/config.ts); without one payloads stay plain. */
  dataConverter?: DataConverter;
  /** Tracing (src/telemetry/temporal-tracing.ts) when OTEL_* turns it on. */
  plugins?: WorkerPlugin[];
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

export function createCheckoutWorker(options: CheckoutWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({ providers: options.providers, store: options.store }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
    dataConverter: options.dataConverter,
    plugins: options.plugins,
  });
}
