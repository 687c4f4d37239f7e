// `npm start`: the whole product on one machine. With no TEMPORAL_ADDRESS it starts the
// Temporal dev server (Web UI, search attributes, SQLite in the data folder), the
// provider sandbox (for every provider without real credentials), the worker and the
// gateway, prints where everything is, and stops it all on Ctrl-C. With TEMPORAL_ADDRESS
// set it starts only the worker and the gateway against that server.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type express from 'express';
import { createLogger } from '../logging/logger';
import { createSandbox } from '../sandbox/all';
import { generateSandboxCredentials } from '../sandbox/credentials';
import { resolveToolchain } from '../temporal/toolchain';
import { devApiKey, devCallbackSecret } from './api-key';
import { loadDevStackConfig, withSandboxDefaults } from './config';
import type { DevStackConfig } from './config';
import { supervise } from './supervisor';
import type { SupervisedProcess } from './supervisor';
import { startTemporalDevServer } from './temporal-dev-server';
import type { TemporalDevServer } from './temporal-dev-server';

const logger = createLogger({ level: 'info', name: 'dev-stack' });
const LOOPBACK = '127.0.0.1';

function listenOn(app: express.Application, port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = app.listen(port, LOOPBACK, () => done(server));
    server.once('error', fail);
  });
}

async function startTemporal(config: DevStackConfig, dataDir: string): Promise<TemporalDevServer> {
  const { cliPath } = resolveToolchain();
  if (!cliPath)
    throw new Error('No Temporal CLI: run `npm run toolchain` (needs Go) or set TEMPORAL_CLI_PATH');
  return startTemporalDevServer({
    cliPath,
    ip: LOOPBACK,
    port: config.TEMPORAL_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    dbFile: join(dataDir, 'temporal.sqlite'),
    namespace: config.TEMPORAL_NAMESPACE,
  });
}

async function main(): Promise<void> {
  const config = loadDevStackConfig(process.env);
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://${LOOPBACK}:${config.PORT}`;
  const apiKeys = config.API_KEYS ?? devApiKey(dataDir);

  const temporal = config.TEMPORAL_ADDRESS ? undefined : await startTemporal(config, dataDir);
  const temporalAddress = config.TEMPORAL_ADDRESS ?? (temporal as TemporalDevServer).address;

  let env: NodeJS.ProcessEnv = process.env;
  let sandboxServer: Server | undefined;
  let stopSandbox = () => {};
  let sandboxed: string[] = [];
  const sandboxUrl = `http://${LOOPBACK}:${config.SANDBOX_PORT}`;
  if (temporal) {
    const sandbox = createSandbox({
      baseUrl: sandboxUrl,
      gatewayUrl: publicBaseUrl,
      credentials: generateSandboxCredentials(),
    });
    sandboxServer = await listenOn(sandbox.app, config.SANDBOX_PORT);
    stopSandbox = sandbox.stop;
    ({ env, sandboxed } = withSandboxDefaults(process.env, sandbox.providerEnv));
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    PORT: String(config.PORT),
    PUBLIC_BASE_URL: publicBaseUrl,
    API_KEYS: apiKeys,
    CALLBACK_SECRET: process.env.CALLBACK_SECRET || devCallbackSecret(dataDir),
    ORDER_STORE_DATA_DIR: process.env.ORDER_STORE_DATA_DIR || join(dataDir, 'orders'),
  };
  const onRestart = (name: string, code: number | null, signal: string | null) =>
    logger.warn({ process: name, code, signal }, 'process exited unexpectedly; restarting');
  const children: SupervisedProcess[] = [
    supervise({
      name: 'worker',
      script: join(__dirname, '..', 'worker', 'main.js'),
      env: childEnv,
      onRestart,
    }),
    supervise({
      name: 'gateway',
      script: join(__dirname, '..', 'gateway', 'main.js'),
      env: childEnv,
      onRestart,
    }),
  ];

  const status = {
    api: publicBaseUrl,
    temporal: temporalAddress,
    ui: temporal ? `http://${LOOPBACK}:${config.TEMPORAL_UI_PORT}` : undefined,
    sandbox: sandboxServer ? sandboxUrl : undefined,
    sandboxedProviders: sandboxed,
    pids: Object.fromEntries(children.map((child) => [child.name, child.pid()])),
  };
  writeFileSync(join(dataDir, 'devstack.json'), `${JSON.stringify(status, null, 2)}\n`);
  const lines = [
    '',
    'Checkout orchestrator is starting:',
    `  API (gateway)     ${publicBaseUrl}   (Authorization: Bearer ${config.API_KEYS ? '<your API_KEYS>' : apiKeys})`,
    `  Temporal          ${temporalAddress}`,
    ...(status.ui ? [`  Temporal Web UI   ${status.ui}`] : []),
    ...(status.sandbox
      ? [`  Provider sandbox  ${status.sandbox}  (${sandboxed.join(', ') || 'no provider'})`]
      : []),
    '  Stop with Ctrl-C.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the dev stack');
    await Promise.all(children.map((child) => child.stop()));
    stopSandbox();
    sandboxServer?.closeAllConnections();
    sandboxServer?.close();
    await temporal?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(signal));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'dev stack failed to start');
  process.exit(1);
});
