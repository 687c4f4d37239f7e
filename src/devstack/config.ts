// Settings of `npm start`, the whole product on one machine. Everything has a default,
// so a fresh clone starts with no configuration at all.
import { z } from 'zod';
import { blankAsAbsent } from '../config/env-values';
import { ConfigError } from '../config/env';
import { describeIssues, valueFreeErrorMap } from '../config/issues';

const port = (fallback: number) =>
  z.preprocess(blankAsAbsent, z.coerce.number().int().min(1).max(65535).default(fallback));

const devStackEnvSchema = z.object({
  TEMPORAL_ADDRESS: z.preprocess(blankAsAbsent, z.string().min(1).optional()),
  TEMPORAL_NAMESPACE: z.preprocess(blankAsAbsent, z.string().min(1).default('default')),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** The gateway's codec server, which the dev server's Web UI decrypts payloads through. */
  CODEC_SERVER_PORT: port(8234),
  SANDBOX_PORT: port(4000),
  PORT: port(3000),
  METRICS_PORT: port(9464),
  /** The worker's Prometheus endpoint (SDK metrics and the checkout decision counters). */
  WORKER_METRICS_PORT: port(9465),
  PUBLIC_BASE_URL: z.preprocess(blankAsAbsent, z.string().url().optional()),
  DATA_DIR: z.preprocess(blankAsAbsent, z.string().min(1).default('data')),
  /** How long Temporal keeps closed checkouts (hours); the order store keeps them for good. */
  TEMPORAL_RETENTION: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .regex(/^[1-9]\d*h$/, 'must be a number of hours, e.g. 168h')
      .default('168h'),
  ),
  /** Where the worker serves its embedded order store to the gateway (loopback); unset = a free port. */
  ORDER_STORE_SOCKET_PORT: z.preprocess(blankAsAbsent, z.coerce.number().int().min(1).max(65535).optional()),
  API_KEYS: z.preprocess(blankAsAbsent, z.string().min(1).optional()),
});

export type DevStackConfig = z.output<typeof devStackEnvSchema>;

export function loadDevStackConfig(env: NodeJS.ProcessEnv): DevStackConfig {
  const parsed = devStackEnvSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** The variable whose presence means "this provider is configured for real". */
const PROVIDER_MARKERS: Record<string, { marker: string; prefix: string }> = {
  wegetfinancing: { marker: 'WGF_USERNAME', prefix: 'WGF_' },
  iwocapay: { marker: 'IWOCAPAY_ACCESS_TOKEN', prefix: 'IWOCAPAY_' },
  affirm: { marker: 'AFFIRM_PRIVATE_KEY', prefix: 'AFFIRM_' },
  wipay: { marker: 'WIPAY_API_KEY', prefix: 'WIPAY_' },
  ecomtrade24: { marker: 'ECOMTRADE24_API_KEY', prefix: 'ECOMTRADE24_' },
};

/**
 * Provider variables for the processes: a provider configured in the environment keeps
 * its settings; every other provider points at the sandbox. Returns which is which.
 */
export function withSandboxDefaults(
  env: NodeJS.ProcessEnv,
  sandboxEnv: Record<string, string>,
): { env: NodeJS.ProcessEnv; sandboxed: string[]; real: string[] } {
  const merged: NodeJS.ProcessEnv = { ...env };
  const sandboxed: string[] = [];
  const real: string[] = [];
  for (const [provider, { marker, prefix }] of Object.entries(PROVIDER_MARKERS)) {
    if (env[marker]) {
      real.push(provider);
      continue;
    }
    sandboxed.push(provider);
    for (const [name, value] of Object.entries(sandboxEnv)) if (name.startsWith(prefix)) merged[name] = value;
  }
  return { env: merged, sandboxed, real };
}
