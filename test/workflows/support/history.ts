// Reading a checkout's histories back: every run of a continued-as-new chain, newest
// last, for history-length measurements and replay fixtures.
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';

export interface RunHistory {
  runId: string;
  history: History;
  events: number;
}

/** Walks back from the latest run through continuedExecutionRunId. */
export async function historiesOf(client: Client, workflowId: string): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift({ runId, history, events: history.events?.length ?? 0 });
    const previous: string | null | undefined =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    runId = previous || undefined;
  }
  return runs;
}
