// The worker's own settings, parsed once at start-up. Provider credentials are read by
// each provider's loader; the order store reads DATABASE_URL / ORDER_STORE_DATA_DIR;
// where Temporal is comes from src/temporal/connection.ts (envconfig).
import { z } from 'zod';
import { blankAsAbsent } from '../config/env-values';
import { describeIssues, valueFreeErrorMap } from '../config/issues';
import { LOG_LEVELS, bindHost, port } from '../config/env';
import type { LogLevel } from '../config/env';
import { DEFAULT_TASK_QUEUE } from '../../workflows/contract';
import { loadTemporalConnection } from '../temporal/connection';
import type { ProviderId } from '../../workflows/domain';
import { loadProviderLimits } from './provider-limits';
import type { ProviderLimit } from './provider-limits';
import { detectMemoryLimit, workflowCacheSize } from './cache-sizing';
import type { MemoryLimit, WorkflowCacheSize } from './cache-sizing';

const optionalInt = (min: number, max: number) =>
  z.preprocess(blankAsAbsent, z.coerce.number().int().min(min).max(max).optional());

const workerEnvSchema = z.object({
  TEMPORAL_TASK_QUEUE: z.preprocess(blankAsAbsent, z.string().min(1).default(DEFAULT_TASK_QUEUE)),
  LOG_LEVEL: z.preprocess(blankAsAbsent, z.enum(LOG_LEVELS).default('info')),
  /** The SDK's Prometheus endpoint (worker and checkout metrics). */
  WORKER_METRICS_HOST: bindHost,
  WORKER_METRICS_PORT: port(9465),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.preprocess(
    blankAsAbsent,
    z.coerce.number().int().min(1).max(1000).default(50),
  ),
  /** Workflows kept in memory; 0 turns the cache off (every task replays), 1 is not a cache. */
  WORKER_MAX_CACHED_WORKFLOWS: optionalInt(0, 1_000_000).refine((n) => n !== 1, 'must be 0 or at least 2'),
  /** What the worker process may use, in MiB; the cache is sized from it (cache-sizing.ts). */
  WORKER_MEMORY_BUDGET_MIB: optionalInt(64, 1_048_576),
});

export interface WorkerConfig {
  temporal: { address: string; namespace: string; taskQueue: string };
  maxConcurrentActivities: number;
  /** maxCachedWorkflows and where the figure came from (cache-sizing.ts). */
  workflowCache: WorkflowCacheSize;
  /** PROVIDER_RATE_LIMITS / PROVIDER_MAX_CONCURRENT_ACTIVITIES (provider-limits.ts). */
  providerLimits: Record<ProviderId, ProviderLimit>;
  logLevel: LogLevel;
  metrics: { host: string; port: number };
}

/** `memoryLimit` reads the cgroup or host memory when no budget is given; tests pass their own. */
export function loadWorkerConfig(
  env: NodeJS.ProcessEnv,
  memoryLimit: () => MemoryLimit = detectMemoryLimit,
): WorkerConfig {
  const parsed = workerEnvSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new Error(`Invalid worker configuration: ${describeIssues(parsed.error)}`);
  const vars = parsed.data;
  const { address, namespace } = loadTemporalConnection(env);
  return {
    temporal: {
      address,
      namespace,
      taskQueue: vars.TEMPORAL_TASK_QUEUE,
    },
    maxConcurrentActivities: vars.WORKER_MAX_CONCURRENT_ACTIVITIES,
    workflowCache: workflowCacheSize(
      {
        override: vars.WORKER_MAX_CACHED_WORKFLOWS,
        budgetMiB: vars.WORKER_MEMORY_BUDGET_MIB,
        // The same test as the order store's (src/store/open.ts): no DATABASE_URL, embedded PGlite.
        store: env.DATABASE_URL?.trim() ? 'postgres' : 'embedded',
      },
      memoryLimit,
    ),
    providerLimits: loadProviderLimits(env),
    logLevel: vars.LOG_LEVEL,
    metrics: { host: vars.WORKER_METRICS_HOST, port: vars.WORKER_METRICS_PORT },
  };
}
