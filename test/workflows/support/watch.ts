// A lean polling run's status watch (workflows/watch.ts) as the server shows it: the
// pending watchProviderStatus activity and its attempt: the one running, or (in backoff)
// the next one. Attempt 1 only arms the watch, so `attempt - 2` reads were completed.
// Nothing of a watch's reads is in the history until it ends.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { historiesOf } from './history';
import { pollNowSignal } from '../../../workflows/contract';
import { pollUntil } from '../../helpers/poll-until';

export interface WatchView {
  attempt: number;
  /** Reads completed so far. */
  reads: number;
  lastFailure?: string;
}

export async function pendingWatch(handle: WorkflowHandle): Promise<WatchView | undefined> {
  const { raw } = await handle.describe();
  const watch = (raw.pendingActivities ?? []).find(
    (activity) => activity.activityType?.name === 'watchProviderStatus',
  );
  if (!watch) return undefined;
  return {
    attempt: watch.attempt ?? 0,
    reads: Math.max(0, (watch.attempt ?? 0) - 2),
    ...(watch.lastFailure?.message ? { lastFailure: watch.lastFailure.message } : {}),
  };
}

/** Waits in real time (time stays locked) until the watch made `reads` reads. */
export async function waitForWatchReads(
  handle: WorkflowHandle,
  reads: number,
  timeoutMs = 15_000,
): Promise<WatchView> {
  return pollUntil(
    () => pendingWatch(handle),
    (watch): watch is WatchView => watch !== undefined && watch.reads >= reads,
    { what: `${reads} watch reads`, timeoutMs },
  );
}

/**
 * Makes a run continue as new the way an idle polling run still does: by its signal
 * budget (its reads write no events, so its history no longer grows on its own). Sends
 * the run's budget of pollNow hints in batches and waits for the next run. It watches the
 * run id by describe: a query sent while the run continues as new could go unanswered on
 * the time-skipping server, and a query has no deadline of its own.
 */
export async function continueByHints(handle: WorkflowHandle, budget: number, batch = 50): Promise<void> {
  const runId = async () => (await handle.describe()).runId;
  const before = await runId();
  for (let sent = 0; sent < budget; sent += batch) {
    const size = Math.min(batch, budget - sent);
    await Promise.all(Array.from({ length: size }, () => handle.signal(pollNowSignal)));
  }
  await pollUntil(runId, (current) => current !== before, {
    what: 'the run to continue as new after its signal budget',
    timeoutMs: 30_000,
  });
}

/** Activities of `type` a workflow's first run scheduled (a watch is one, however often it read). */
export async function activitiesScheduled(client: Client, workflowId: string, type: string): Promise<number> {
  const [run] = await historiesOf(client, workflowId);
  return (run?.history.events ?? []).filter(
    (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === type,
  ).length;
}

/** The first run polled by one watch and no one-shot read (no hint came). */
export async function expectPolledByOneWatch(client: Client, workflowId: string): Promise<void> {
  expect(await activitiesScheduled(client, workflowId, 'watchProviderStatus')).toBe(1);
  expect(await activitiesScheduled(client, workflowId, 'pollProviderStatus')).toBe(0);
}
