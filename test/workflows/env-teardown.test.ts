// A client call still in flight when a test file tears its Temporal environment down must
// end with the environment, not outlive it: the client's gRPC retry interceptor would
// otherwise retry it on a timer after the connection closed, and that retry throws
// "Channel has been shut down" outside any test (jest then fails whichever file runs).
import { Client } from '@temporalio/client';
import { createDevServerEnv, createTimeSkippingEnv } from '../helpers/temporal-env';

const environments = [
  ['time-skipping server', createTimeSkippingEnv],
  ['dev server', createDevServerEnv],
] as const;

it.each(environments)(
  'on the %s, a result() still waiting at teardown ends with it, throwing nothing later',
  async (_, create) => {
    const uncaught: unknown[] = [];
    const collect = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', collect);
    try {
      const env = await create();
      const client = new Client({ connection: env.connection, namespace: env.namespace });
      // No worker serves this queue: the result is a long poll that only teardown ends.
      const handle = await client.workflow.start('neverServed', {
        workflowId: `teardown-${process.pid}`,
        taskQueue: `nobody-${process.pid}`,
      });
      const waiting = handle.result().then(
        () => 'resolved',
        () => 'rejected',
      );
      await new Promise((resolve) => setTimeout(resolve, 200)); // the long poll is on the wire
      await env.teardown();
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise((resolve) => (timer = setTimeout(() => resolve('still waiting'), 5_000)));
      expect(await Promise.race([waiting, bounded]).finally(() => clearTimeout(timer))).toBe('rejected');
      // The interceptor's first retry comes 100-200 ms after a failure; give it ample time.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', collect);
    }
  },
  60_000,
);
