// One activity-only Worker per provider, on that provider's task queue, with its rate
// limit and slots (provider-limits.ts). The checkout worker polls the workflow queue;
// these take the provider API calls the workflows schedule on the provider queues.
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, WorkerPlugin } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { ProviderId } from '../../workflows/domain';
import { providerTaskQueue } from '../../workflows/provider-task-queues';
import type { ProviderLimit } from './provider-limits';

export interface ProviderWorkersOptions {
  connection: NativeConnection;
  namespace?: string;
  /** The workflow task queue the provider queues sit beside. */
  taskQueue: string;
  providers: readonly ProviderId[];
  /** The same activities the checkout worker has; only the provider calls arrive here. */
  activities: object;
  limits?: Partial<Record<ProviderId, ProviderLimit>>;
  dataConverter?: DataConverter;
  /** The checkout worker's plugins (tracing), so provider calls are traced too. */
  plugins?: WorkerPlugin[];
}

export function createProviderWorkers(options: ProviderWorkersOptions): Promise<Worker[]> {
  return Promise.all(
    options.providers.map((provider) => {
      const limit = options.limits?.[provider];
      return Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: providerTaskQueue(options.taskQueue, provider),
        activities: options.activities,
        dataConverter: options.dataConverter,
        plugins: options.plugins,
        ...(limit
          ? {
              // The queue's rate (server side, all workers together) and this worker's.
              maxTaskQueueActivitiesPerSecond: limit.perSecond,
              maxActivitiesPerSecond: limit.perSecond,
              maxConcurrentActivityTaskExecutions: limit.maxConcurrent,
            }
          : {}),
      });
    }),
  );
}

/** Runs `main` until `body` settles and the companions as long as `main` runs. */
export async function runWorkersUntil<T>(
  main: Worker,
  companions: Worker[],
  body: () => Promise<T>,
): Promise<T> {
  const done = main.runUntil(body);
  const settled = done.then(
    () => undefined,
    () => undefined,
  );
  await Promise.all(companions.map((worker) => worker.runUntil(settled)));
  return done;
}

/** Runs every worker until the process's shutdown signal; one failing stops the rest. */
export async function runWorkers(workers: Worker[]): Promise<void> {
  try {
    await Promise.all(workers.map((worker) => worker.run()));
  } catch (error) {
    shutdownWorkers(workers);
    throw error;
  }
}

/** Asks every worker still running to drain and stop (their run() promises then settle). */
export function shutdownWorkers(workers: Worker[]): void {
  for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
}
