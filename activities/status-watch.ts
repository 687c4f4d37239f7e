// Infrequent status polling by the activity's own retry policy (workflows/watch.ts): each
// attempt is one read, a read that changes nothing throws a retryable StatusUnchanged, and
// the server schedules the next attempt on the backoff. Retries write no history events
// and need no workflow task, so a checkout polled for days costs its history almost nothing.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import type { ProviderRegistry } from '../src/providers/registry';
import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../src/providers/http';
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

/**
 * A transient failure (a timeout, a 5xx) is tried again within the read, 1 s then 2 s later,
 * as the one-shot poll's retry policy does: otherwise it would cost a whole interval of the
 * schedule (a lost webhook found at 3 min instead of 1). Only while another full call still
 * fits in the attempt's start-to-close timeout.
 */
const READ_TRIES = 3;

function isPermanent(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.nonRetryable === true;
}

export function createStatusWatchActivities(providers: ProviderRegistry) {
  // One read is exactly the one-shot poll's read (adapter, operation check, failure classes).
  const { pollProviderStatus } = createProviderActivities(providers);
  async function readWithTries(input: WatchProviderStatusInput): Promise<StatusReading> {
    const context = Context.current();
    const startedAt = Date.now();
    for (let tried = 1; ; tried++) {
      try {
        return await pollProviderStatus(input);
      } catch (error) {
        const pauseMs = 1_000 * 2 ** (tried - 1);
        const room = context.info.startToCloseTimeoutMs - (Date.now() - startedAt);
        const anotherFits = pauseMs + DEFAULT_PROVIDER_TIMEOUT_MS < room;
        if (isPermanent(error) || tried >= READ_TRIES || !anotherFits) throw error;
        await context.sleep(pauseMs);
      }
    }
  }
  return {
    async watchProviderStatus(input: WatchProviderStatusInput): Promise<WatchProviderStatusResult> {
      const { attempt } = Context.current().info;
      // The first read is one interval after the watch starts, as the first scheduled poll was.
      if (attempt === 1) throw unchanged('watch armed');
      let reading: StatusReading;
      try {
        reading = await readWithTries(input);
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
