// A lean polling run's status watch (workflows/watch.ts) as the server shows it: the
// pending watchProviderStatus activity and its attempt (attempt 1 only arms it, so
// `attempt - 1` reads were made). Nothing of a watch's reads is in the history until it ends.
import type { WorkflowHandle } from '@temporalio/client';

export interface WatchView {
  attempt: number;
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
    ...(watch.lastFailure?.message ? { lastFailure: watch.lastFailure.message } : {}),
  };
}

/** Waits in real time (time stays locked) until the watch made `reads` reads. */
export async function waitForWatchReads(
  handle: WorkflowHandle,
  reads: number,
  timeoutMs = 15_000,
): Promise<WatchView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const watch = await pendingWatch(handle);
    if (watch && watch.attempt - 1 >= reads) return watch;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${reads} watch reads; watch: ${JSON.stringify(watch)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
