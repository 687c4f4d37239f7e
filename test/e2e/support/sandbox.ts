// The provider sandbox the end-to-end stacks run in the test process, so a test can drive
// the customers: every simulator on one loopback server, delivering to `gatewayUrl`.
import express from 'express';
import { createSandbox } from '../../../src/sandbox/all';
import type { Sandbox } from '../../../src/sandbox/all';
import { listenLocal } from '../../../src/sandbox/control';
import { generateSandboxCredentials } from '../../../src/sandbox/credentials';

/** Simulators redeliver quickly and long enough to outlast a short Temporal outage. */
const E2E_RETRY = { maxAttempts: 40, initialBackoffMs: 200, maxBackoffMs: 1_000 };

export interface LocalSandbox {
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

export async function startSandbox(gatewayUrl: string): Promise<LocalSandbox> {
  const host = express();
  const server = await listenLocal(host);
  const sandbox = createSandbox({
    baseUrl: server.url,
    gatewayUrl,
    credentials: generateSandboxCredentials(),
    retry: E2E_RETRY,
  });
  host.use(sandbox.app);
  return {
    sandbox,
    url: server.url,
    async close() {
      sandbox.stop();
      await server.close();
    },
  };
}
