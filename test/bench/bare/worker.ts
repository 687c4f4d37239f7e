// The bare arm's own pieces in the bench process: a loopback "provider" that hands out
// sessions, and a worker for the bare workflow on its own task queue of the same server.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { closeServer, listenEphemeral } from '../../gateway/support/harness';
import { createBareActivities } from './activities';

export interface BareWorker {
  taskQueue: string;
  close(): Promise<void>;
}

export async function startBareWorker(temporalAddress: string): Promise<BareWorker> {
  const sessions = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { checkoutId } = JSON.parse(body) as { checkoutId: string };
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ checkoutId, redirectUrl: `https://pay.example/${checkoutId}` }));
    });
  });
  const sessionUrl = await listenEphemeral(sessions);
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const taskQueue = `bench-bare-${randomUUID()}`;
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('./workflow'),
    activities: createBareActivities(sessionUrl),
  });
  const running = worker.run();
  return {
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await closeServer(sessions);
    },
  };
}
