// The pieces of a test stack the e2e and chaos stacks share: the five simulators served
// from the test process, and what the worker and gateway processes are started with (the
// sandbox's provider variables, the Temporal and PostgreSQL addresses, loopback only).
import express from 'express';
import { createSandbox } from '../../../src/sandbox/all';
import type { Sandbox } from '../../../src/sandbox/all';
import { listenLocal } from '../../../src/sandbox/control';
import type { LocalServer } from '../../../src/sandbox/control';
import { generateSandboxCredentials } from '../../../src/sandbox/credentials';
import type { DeliveryRetryPolicy } from '../../../src/sandbox/delivery';

/** The simulators on 127.0.0.1 (an ephemeral port), their notices going to `gatewayUrl`. */
export async function hostSandbox(
  gatewayUrl: string,
  retry: DeliveryRetryPolicy,
): Promise<{ sandbox: Sandbox; server: LocalServer }> {
  const host = express();
  const server = await listenLocal(host);
  const sandbox = createSandbox({
    baseUrl: server.url,
    gatewayUrl,
    credentials: generateSandboxCredentials(),
    retry,
  });
  host.use(sandbox.app);
  return { sandbox, server };
}

export interface ProductEnvOptions {
  sandbox: Sandbox;
  temporalAddress: string;
  databaseUrl: string;
  gatewayPort: number;
  gatewayUrl: string;
  apiKey: string;
}

export function productEnv(options: ProductEnvOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...options.sandbox.providerEnv,
    TEMPORAL_ADDRESS: options.temporalAddress,
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.gatewayPort),
    // Any free port: e2e files run in parallel and must not share the default 9464.
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    PUBLIC_BASE_URL: options.gatewayUrl,
    API_KEYS: options.apiKey,
    LOG_LEVEL: 'warn',
  };
}
