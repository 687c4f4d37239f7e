// The worker process: parse the configuration once, open the order store (migrations
// run first), connect to Temporal (envconfig settings) and check the namespace has the
// checkout search attributes, tell a supervisor it is ready, and run the checkout
// workflows and activities (payloads through the codec) until SIGTERM/SIGINT, then let
// in-flight tasks finish and close everything. Metrics on WORKER_METRICS_HOST:PORT; the
// SDK's, the workflows' and the activities' log lines go through the same pino logger.
import { NativeConnection } from '@temporalio/worker';
import { loadProviderRegistry } from '../config/providers';
import { announceReady } from '../devstack/readiness';
import { createLogger } from '../logging/logger';
import { openOrderStore, orderStoreOptionsFromEnv } from '../store';
import { loadPayloadCodec } from '../temporal/codec/config';
import { tracingWorkerPlugins } from '../telemetry/temporal-tracing';
import { startTracing } from '../telemetry/tracing';
import { loadTemporalConnection } from '../temporal/connection';
import { assertSearchAttributes } from '../temporal/search-attribute-check';
import { loadWorkerConfig } from './config';
import { createCheckoutWorkers } from './create-worker';
import { runWorkers } from './provider-workers';
import { workflowCode } from './workflow-code';

import { bindAddressOf, installWorkerRuntime } from './runtime';

async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  const logger = createLogger({ level: config.logLevel, name: 'checkout-worker' });
  installWorkerRuntime({ logger, logLevel: config.logLevel, metrics: config.metrics });
  const tracing = startTracing(process.env, 'checkout-worker');
  const providers = loadProviderRegistry(process.env);
  const temporal = loadTemporalConnection(process.env);
  const { dataConverter, encryptingKeyId } = loadPayloadCodec(process.env);
  if (!encryptingKeyId) logger.warn('PAYLOAD_CODEC_KEYS is not set: payloads reach Temporal unencrypted');
  const store = await openOrderStore({
    ...orderStoreOptionsFromEnv(process.env),
    onMigrated: (report) => logger.info({ store: report.kind, migrations: report }, 'order store ready'),
  });
  // The gateway reads the embedded store through this loopback socket (ORDER_STORE_SOCKET_PORT).
  if (store.socketUrl)
    logger.info({ socket: new URL(store.socketUrl).host }, 'order store served to the gateway');

  const connection = await NativeConnection.connect(temporal.connectionOptions);
  await assertSearchAttributes(connection, config.temporal.namespace, (reason) => logger.warn(reason));
  const workers = await createCheckoutWorkers({
    dataConverter,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    providers,
    store,
    maxConcurrentActivities: config.maxConcurrentActivities,
    maxCachedWorkflows: config.workflowCache.maxCachedWorkflows,
    providerLimits: config.providerLimits,
    plugins: tracingWorkerPlugins(tracing),
  });
  logger.info(
    {
      temporal: { ...config.temporal, ...temporal.summary },
      payloadCodecKeyId: encryptingKeyId,
      providers: providers.enabled(),
      providerLimits: config.providerLimits,
      // The figure, the budget it came from and where that came from (cache-sizing.ts).
      workflowCache: config.workflowCache,
      // The prebuilt bundle's path, or where the SDK bundled from at start-up.
      workflowCode: workflowCode().workflowBundle?.codePath ?? `bundled from ${workflowCode().workflowsPath}`,
      metrics: `http://${bindAddressOf(config.metrics)}/metrics`,
      tracing: tracing !== undefined,
    },
    'worker running',
  );
  // Bundled, connected and about to poll: a supervisor may count this process as healthy.
  announceReady();
  // The SDK's default shutdown signals (SIGINT, SIGTERM, …) make run() drain and return.
  await runWorkers(workers);
  await connection.close();
  await store.close();
  await tracing?.shutdown();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  // A configuration error names the variable, never its value.
  createLogger({ level: 'info', name: 'checkout-worker' }).fatal({ err }, 'worker failed');
  process.exit(1);
});
