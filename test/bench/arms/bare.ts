// The bare arm: update-with-start answered with the session, one signal, the result.
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { bareCheckoutWorkflow, bareEventSignal, bareSessionUpdate } from '../bare/workflow';
import { startBareWorker } from '../bare/worker';
import { endToEnd } from '../support/end-to-end';
import type { EndToEndRun } from '../support/end-to-end';

export async function startBareArm(temporalAddress: string) {
  const worker = await startBareWorker(temporalAddress);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: 'default' });

  async function open(): Promise<string> {
    const workflowId = `bench-bare-${randomUUID()}`;
    const operation = new WithStartWorkflowOperation(bareCheckoutWorkflow, {
      workflowId,
      taskQueue: worker.taskQueue,
      args: [workflowId],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await client.workflow.executeUpdateWithStart(bareSessionUpdate, { startWorkflowOperation: operation });
    return workflowId;
  }

  return {
    client,
    endToEnd: (count: number, concurrency: number): Promise<EndToEndRun> =>
      endToEnd(count, concurrency, {
        open,
        idOf: (workflowId) => workflowId,
        async finish(workflowId) {
          const handle = client.workflow.getHandle(workflowId);
          await handle.signal(bareEventSignal, 'approved');
          await handle.result();
        },
      }),
    async close() {
      await connection.close();
      await worker.close();
    },
  };
}

export type BareArm = Awaited<ReturnType<typeof startBareArm>>;
