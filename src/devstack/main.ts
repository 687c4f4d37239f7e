// `npm start`: the whole product on one machine. It first checks the configuration the
// worker and the gateway will get (a problem stops it before anything starts, naming the
// variable). With no TEMPORAL_ADDRESS it then starts the Temporal dev server (Web UI,
// search attributes, SQLite in the data folder), the provider sandbox (for every provider
// without real credentials), the worker and the gateway, prints where everything is, and
// stops it all on Ctrl-C. With TEMPORAL_ADDRESS set it starts only the worker and the
// gateway against that server. Every listener binds 127.0.0.1. A process that fails to
// start stops the whole stack with its exit code (supervisor.ts). Payloads are encrypted
// with a key generated into the data folder, and the gateway's codec server (its key also
// generated there) is the Web UI's codec, so the UI shows checkouts decrypted.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type express from 'express';
import { ConfigError } from '../config/env';
import { createLogger } from '../logging/logger';
import { createSandbox } from '../sandbox/all';
import { generateSandboxCredentials } from '../sandbox/credentials';
import { resolveToolchain } from '../temporal/toolchain';
import {
  devApiKey,
  devCallbackSecret,
  devCodecServerKey,
  devMerchantWebhookSecret,
  devPayloadCodecKeys,
} from './api-key';
import { loadDevStackConfig, withSandboxDefaults } from './config';
import type { DevStackConfig } from './config';
import { freeLoopbackPort } from './free-port';
import { checkProcessConfig } from './preflight';
import { supervise } from './supervisor';
import type { RestartEvent, SupervisedProcess, SupervisorFailure } from './supervisor';
import { startTemporalDevServer } from './temporal-dev-server';
import type { TemporalDevServer } from './temporal-dev-server';

const logger = createLogger({ level: 'info', name: 'dev-stack' });
const LOOPBACK = '127.0.0.1';
/** EX_CONFIG from sysexits.h: the configuration is wrong, retrying will not help. */
const EXIT_CONFIG = 78;

function listenOn(app: express.Application, port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = app.listen(port, LOOPBACK, () => done(server));
    server.once('error', fail);
  });
}

async function startTemporal(
  config: DevStackConfig,
  dataDir: string,
  uiCodecEndpoint: string,
): Promise<TemporalDevServer> {
  const { cliPath } = resolveToolchain();
  if (!cliPath)
    throw new Error('No Temporal CLI: run `npm run toolchain` (needs Go) or set TEMPORAL_CLI_PATH');
  return startTemporalDevServer({
    cliPath,
    ip: LOOPBACK,
    port: config.TEMPORAL_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    uiCodecEndpoint,
    dbFile: join(dataDir, 'temporal.sqlite'),
    namespace: config.TEMPORAL_NAMESPACE,
    retention: config.TEMPORAL_RETENTION,
  });
}

async function main(): Promise<void> {
  const config = loadDevStackConfig(process.env);
  const dataDir = resolve(config.DATA_DIR);
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://${LOOPBACK}:${config.PORT}`;
  const apiKeys = config.API_KEYS ?? devApiKey(dataDir);
  const ownTemporal = config.TEMPORAL_ADDRESS === undefined;
  const temporalAddress = config.TEMPORAL_ADDRESS ?? `${LOOPBACK}:${config.TEMPORAL_PORT}`;

  // Built, not yet listening: the processes' provider settings come from its credentials.
  const sandboxUrl = `http://${LOOPBACK}:${config.SANDBOX_PORT}`;
  // Merchant events go to the sandbox's merchant endpoint unless a real one is configured.
  const sandboxMerchant = ownTemporal && !process.env.MERCHANT_WEBHOOK_URL;
  const merchantWebhookSecret = sandboxMerchant ? devMerchantWebhookSecret(dataDir) : undefined;
  const sandbox = ownTemporal
    ? createSandbox({
        baseUrl: sandboxUrl,
        gatewayUrl: publicBaseUrl,
        credentials: generateSandboxCredentials(),
        merchantWebhookSecret,
      })
    : undefined;
  const { env, sandboxed } = sandbox
    ? withSandboxDefaults(process.env, sandbox.providerEnv)
    : { env: process.env, sandboxed: [] };
  const codecServerKeys = process.env.CODEC_SERVER_KEYS || devCodecServerKey(dataDir);
  const codecServerUrl = `http://${LOOPBACK}:${config.CODEC_SERVER_PORT}/codec`;
  // The UI sends no Authorization header over http, so its endpoint carries the key (app.ts).
  const uiCodecEndpoint = `${codecServerUrl}/${codecServerKeys.split(',')[0]?.trim() ?? ''}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    HOST: LOOPBACK,
    PORT: String(config.PORT),
    METRICS_HOST: LOOPBACK,
    METRICS_PORT: String(config.METRICS_PORT),
    WORKER_METRICS_HOST: LOOPBACK,
    WORKER_METRICS_PORT: String(config.WORKER_METRICS_PORT),
    PUBLIC_BASE_URL: publicBaseUrl,
    API_KEYS: apiKeys,
    CALLBACK_SECRET: process.env.CALLBACK_SECRET || devCallbackSecret(dataDir),
    ORDER_STORE_DATA_DIR: process.env.ORDER_STORE_DATA_DIR || join(dataDir, 'orders'),
    ...(sandbox?.merchant && {
      MERCHANT_WEBHOOK_URL: sandbox.merchant.url,
      MERCHANT_WEBHOOK_SECRET: merchantWebhookSecret,
    }),
    // Customer data is encrypted in Temporal's history from the first checkout on.
    PAYLOAD_CODEC_KEYS: process.env.PAYLOAD_CODEC_KEYS || devPayloadCodecKeys(dataDir),
    CODEC_SERVER_HOST: LOOPBACK,
    CODEC_SERVER_PORT: String(config.CODEC_SERVER_PORT),
    CODEC_SERVER_KEYS: codecServerKeys,
    CODEC_SERVER_CORS_ORIGINS: `http://${LOOPBACK}:${config.TEMPORAL_UI_PORT},http://localhost:${config.TEMPORAL_UI_PORT}`,
    // The worker owns the embedded store and serves it here; the gateway reads it here.
    // With DATABASE_URL both open PostgreSQL instead and this is unused.
    ORDER_STORE_SOCKET_PORT: String(config.ORDER_STORE_SOCKET_PORT ?? (await freeLoopbackPort())),
  };
  checkProcessConfig(childEnv);

  const temporal = ownTemporal ? await startTemporal(config, dataDir, uiCodecEndpoint) : undefined;
  let sandboxServer: Server | undefined;
  const children: SupervisedProcess[] = [];
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => child.stop()));
    sandbox?.stop();
    sandboxServer?.closeAllConnections();
    sandboxServer?.close();
    await temporal?.stop();
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'stopping the dev stack');
      void stopAll(0);
    });
  }

  try {
    if (sandbox) sandboxServer = await listenOn(sandbox.app, config.SANDBOX_PORT);
  } catch (err) {
    await temporal?.stop();
    throw err;
  }

  const onRestart = (event: RestartEvent) =>
    logger.warn(event, `${event.name} crashed after it was running; restarting in ${event.delayMs} ms`);
  const onGiveUp = (failure: SupervisorFailure) => {
    process.stderr.write(`\n${failure.message}: stopping the dev stack.\n`);
    void stopAll(failure.exitCode);
  };
  for (const name of ['worker', 'gateway']) {
    const script = join(__dirname, '..', name, 'main.js');
    children.push(supervise({ name, script, env: childEnv, onRestart, onGiveUp }));
  }

  const status = {
    api: publicBaseUrl,
    metrics: `http://${LOOPBACK}:${config.METRICS_PORT}/metrics`,
    workerMetrics: `http://${LOOPBACK}:${config.WORKER_METRICS_PORT}/metrics`,
    temporal: temporalAddress,
    ui: temporal ? `http://${LOOPBACK}:${config.TEMPORAL_UI_PORT}` : undefined,
    codecServer: codecServerUrl,
    sandbox: sandboxServer ? sandboxUrl : undefined,
    sandboxedProviders: sandboxed,
    pids: Object.fromEntries(children.map((child) => [child.name, child.pid()])),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'devstack.json'), `${JSON.stringify(status, null, 2)}\n`);
  await Promise.all(children.map((child) => child.ready));
  const lines = [
    '',
    'Checkout orchestrator is running:',
    `  API (gateway)     ${publicBaseUrl}   (Authorization: Bearer ${config.API_KEYS ? '<your API_KEYS>' : apiKeys})`,
    `  Metrics           ${status.metrics}   (worker: ${status.workerMetrics})`,
    `  Temporal          ${temporalAddress}`,
    ...(status.ui
      ? [`  Temporal Web UI   ${status.ui}   (payloads decrypted through the codec server)`]
      : []),
    `  Codec server      ${codecServerUrl}   (Authorization: Bearer ${process.env.CODEC_SERVER_KEYS ? '<your CODEC_SERVER_KEYS>' : codecServerKeys})`,
    ...(status.sandbox
      ? [`  Provider sandbox  ${status.sandbox}  (${sandboxed.join(', ') || 'no provider'})`]
      : []),
    ...(sandbox?.merchant
      ? [`  Merchant events   ${sandbox.merchant.url}  (what the sandbox merchant received)`]
      : []),
    '  Stop with Ctrl-C.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    // One message naming each variable (never its value); nothing was started.
    const problems = err.message.split('\n').map((line) => `  ${line}`);
    process.stderr.write(
      `npm start: the configuration is invalid, nothing was started:\n${problems.join('\n')}\n`,
    );
    process.exit(EXIT_CONFIG);
  }
  logger.fatal({ err }, 'dev stack failed to start');
  process.exit(1);
});
