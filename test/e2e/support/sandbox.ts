// The provider sandbox the end-to-end stacks run in the test process, so a test can drive
// the customers: every simulator on one loopback server, delivering to `gatewayUrl`.
import type { Sandbox } from '../../../src/sandbox/all';
import { hostSandbox } from './product-env';

/** Simulators redeliver quickly and long enough to outlast a short Temporal outage. */
const E2E_RETRY = { maxAttempts: 40, initialBackoffMs: 200, maxBackoffMs: 1_000 };

export interface LocalSandbox {
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

export async function startSandbox(gatewayUrl: string): Promise<LocalSandbox> {
  const { sandbox, server } = await hostSandbox(gatewayUrl, E2E_RETRY);
  return {
    sandbox,
    url: server.url,
    async close() {
      sandbox.stop();
      await server.close();
    },
  };
}
