// Infrequent status polling by the activity's own retry policy (workflows/watch.ts): each
// attempt is one read, a read that changes nothing throws a retryable StatusUnchanged, and
// the server schedules the next attempt on the backoff. Retries write no history events
// and need no workflow task, so a checkout polled for days costs its history almost nothing.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import type { ProviderRegistry } from '../src/providers/registry';
import type { StatusReading } from '../src/providers/types';
import { STATUS_UNCHANGED } from '../workflows/failures';
import { CHECKOUT_METRICS } from '../workflows/metrics';
import { workflowTaskQueueOf } from '../workflows/provider-task-queues';
import { createProviderActivities } from './provider-calls';
import type { WatchProviderStatusInput, WatchProviderStatusResult } from './types';

/** Counted as the workflow counts a one-shot read (metrics.ts countPoll), with the checkout's task queue. */
function countRead(input: WatchProviderStatusInput, outcome: string): void {
  const { metricMeter, info } = Context.current();
  metricMeter
    .withTags({ taskQueue: workflowTaskQueueOf(info.taskQueue, input.provider) })
    .createCounter(CHECKOUT_METRICS.polls, '1', 'Provider status reads, by provider and outcome.')
    .add(1, { provider: input.provider, outcome });
}

/**
 * The schedule going on, not a fault: BENIGN, so the SDK logs it at DEBUG and leaves it out
 * of its activity-failure metrics (a day of polling would otherwise be ~100 warnings and
 * failures per checkout on ops' dashboards). Real read failures stay ordinary failures.
 */
function unchanged(message: string): ApplicationFailure {
  return ApplicationFailure.create({
    message,
    type: STATUS_UNCHANGED,
    nonRetryable: false,
    category: ApplicationFailureCategory.BENIGN,
  });
}

export function createStatusWatchActivities(providers: ProviderRegistry) {
  // One read is exactly the one-shot poll's read (adapter, operation check, failure classes).
  const { pollProviderStatus } = createProviderActivities(providers);
  return {
    async watchProviderStatus(input: WatchProviderStatusInput): Promise<WatchProviderStatusResult> {
      const { attempt } = Context.current().info;
      // The first read is one interval after the watch starts, as the first scheduled poll was.
      if (attempt === 1) throw unchanged('watch armed');
      let reading: StatusReading;
      try {
        reading = await pollProviderStatus(input);
      } catch (error) {
        // Transient: only a missed chance, the next attempt reads again; permanent: ends the watch.
        countRead(input, 'failed');
        throw error;
      }
      countRead(input, reading.kind);
      if (reading.kind === 'wait' && attempt - 1 < input.reads)
        throw unchanged(`status ${reading.rawStatus} unchanged`);
      return { reading, attempt };
    },
  };
}
