// Where Temporal is and how to reach it, for the worker, the gateway and the tools alike,
// read through Temporal's own environment configuration (@temporalio/envconfig): the same
// variables and TOML profiles the `temporal` CLI reads, so a local dev server, a
// self-hosted cluster with mTLS and Temporal Cloud (API key) differ only in configuration.
//   TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS (true/false),
//   TEMPORAL_TLS_CLIENT_CERT_PATH / _DATA, TEMPORAL_TLS_CLIENT_KEY_PATH / _DATA,
//   TEMPORAL_TLS_SERVER_CA_CERT_PATH / _DATA, TEMPORAL_TLS_SERVER_NAME,
//   TEMPORAL_GRPC_META_<NAME>, TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE
// Variables override the profile's values. TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE keep the
// meaning and defaults they always had (127.0.0.1:7233, default); a blank value is unset.
import { existsSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { blankAsAbsent } from '../config/env-values';

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

/** Safe to log: says how the connection is made, never with what secret. */
export interface TemporalConnectionSummary {
  address: string;
  namespace: string;
  tls: boolean;
  /** A client certificate is presented (mTLS). */
  clientCertificate: boolean;
  apiKey: boolean;
  profile?: string;
}

export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  /** Fits both Connection.connect/lazy (client) and NativeConnection.connect (worker). */
  connectionOptions: NativeConnectionOptions & ConnectionOptions;
  summary: TemporalConnectionSummary;
}

/** envconfig reads a set-but-empty variable as a value; the product always read it as unset. */
function withoutBlankValues(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (blankAsAbsent(value) !== undefined && value !== undefined) kept[name] = value;
  }
  return kept;
}

/** envconfig's message when it names a profile or a file; anything else could quote a line of the file. */
function describeLoadError(err: unknown, env: Record<string, string>): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : '';
  if (/^Profile '.*' not found/.test(message)) return `TEMPORAL_PROFILE: ${message}`;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    const path = (err as NodeJS.ErrnoException).path ?? 'a file';
    return `cannot read ${path} (${code}): check TEMPORAL_CONFIG_FILE and the TEMPORAL_TLS_*_PATH settings`;
  }
  const file = env.TEMPORAL_CONFIG_FILE ? ` (${env.TEMPORAL_CONFIG_FILE})` : '';
  return `the Temporal client configuration${file} could not be loaded: check its TOML syntax and TLS settings`;
}

export function loadTemporalConnection(env: NodeJS.ProcessEnv): TemporalConnectionSettings {
  const vars = withoutBlankValues(env);
  // envconfig skips a config file that is not there; one the operator named must be there.
  if (vars.TEMPORAL_CONFIG_FILE !== undefined && !existsSync(vars.TEMPORAL_CONFIG_FILE)) {
    throw new Error(
      `Invalid Temporal connection settings: TEMPORAL_CONFIG_FILE: ${vars.TEMPORAL_CONFIG_FILE} does not exist`,
    );
  }
  let loaded: ReturnType<typeof loadClientConnectConfig>;
  try {
    loaded = loadClientConnectConfig({ overrideEnvVars: vars });
  } catch (err) {
    // A plain Error: config/env.ts (ConfigError's home) reads its address from here.
    throw new Error(`Invalid Temporal connection settings: ${describeLoadError(err, vars)}`);
  }
  const { connectionOptions } = loaded;
  const address = connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  const namespace = loaded.namespace ?? DEFAULT_TEMPORAL_NAMESPACE;
  const tls = connectionOptions.tls;
  return {
    address,
    namespace,
    connectionOptions: { ...connectionOptions, address } as NativeConnectionOptions & ConnectionOptions,
    summary: {
      address,
      namespace,
      tls: tls !== undefined && tls !== false && tls !== null,
      clientCertificate: typeof tls === 'object' && tls !== null && tls.clientCertPair !== undefined,
      apiKey: connectionOptions.apiKey !== undefined,
      ...(vars.TEMPORAL_PROFILE ? { profile: vars.TEMPORAL_PROFILE } : {}),
    },
  };
}
