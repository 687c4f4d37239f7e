// Before a test's workers stop, or its workflows are terminated: wait, with the workers
// still running, until none of its workflows has a workflow task or an activity in flight.
//
// Why (the Java time-skipping test server, temporal-test-server TestWorkflowMutableStateImpl):
// every scheduled workflow task and activity holds a lock on time skipping until it is
// completed. A terminate does not release it, and a completion after the terminate is refused,
// so a workflow terminated with a task in flight stops all later skipping (env.sleep and a
// time-skipping result() then wait in real time). And an activity handed to a worker that is
// shutting down stays started until its start-to-close timeout, which on the locked clock is
// real time too. Which of these a run meets depends on timing (Node 22 met both).
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';

/** temporal.api.enums.v1.EventType of the workflow-task events (@temporalio/proto is not a direct dependency). */
const WORKFLOW_TASK_EVENT = { SCHEDULED: 5, STARTED: 6, COMPLETED: 7, TIMED_OUT: 8, FAILED: 9 } as const;
const WORKFLOW_TASK_EVENTS: ReadonlySet<number> = new Set(Object.values(WORKFLOW_TASK_EVENT));

/** What a running workflow still has in flight, or undefined when nothing (or it is closed or unknown). */
export async function inFlight(client: Client, workflowId: string): Promise<string | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return undefined;
    const activities = described.raw.pendingActivities ?? [];
    if (activities.length > 0)
      return `activities ${activities.map((a) => a.activityType?.name ?? '?').join(', ')}`;
    // The test server does not describe a pending workflow task: the history shows it.
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events.filter((event) => WORKFLOW_TASK_EVENTS.has(Number(event.eventType))).at(-1);
    if (last && Number(last.eventType) !== WORKFLOW_TASK_EVENT.COMPLETED) return 'a workflow task';
    return undefined;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Polls (in real time, time stays locked) until none of the workflows has anything in
 * flight, or the deadline passes; answers what is still in flight then, per workflow id.
 * An activity waiting out a retry backoff counts as in flight, though it holds no lock:
 * hence the deadline, after which the caller goes on as before.
 */
export async function settle(
  client: Client,
  workflowIds: readonly string[],
  timeoutMs = 10_000,
): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = new Map<string, string>();
    for (const workflowId of workflowIds) {
      const what = await inFlight(client, workflowId);
      if (what) busy.set(workflowId, what);
    }
    if (busy.size === 0 || Date.now() > deadline) return busy;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
