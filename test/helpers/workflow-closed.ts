// Waiting for a workflow to close by describe, which (unlike a query) never involves the
// workflow: no worker needed, and on the time-skipping server no workflow task added.
import type { WorkflowHandle } from '@temporalio/client';
import { pollUntil } from './poll-until';

/** Resolves with the closed status (COMPLETED, TERMINATED, …) once it is no longer RUNNING. */
export async function workflowClosed(
  handle: WorkflowHandle,
  what: string,
  timeoutMs: number,
): Promise<string> {
  return pollUntil(
    async () => (await handle.describe()).status.name,
    (status) => status !== 'RUNNING',
    { what, timeoutMs, intervalMs: 100 },
  );
}
