// The gateway's own settings, parsed from the environment once at start. A bad value
// stops the process with the variable's name and the rule it broke, never the value:
// several of these are secrets.
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../../workflows/contract';
import { loadTemporalConnection } from '../temporal/connection';
import { unlessBlank } from './env-values';
import { describeIssues, valueFreeErrorMap } from './issues';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MIN_API_KEY_LENGTH = 32;
/** `.env.example` ships `change-me…` placeholders; a copied file must not run with one. */
const PLACEHOLDER_PREFIX = 'change-me';
const SIZE = /^(\d+)\s*(b|kb|mb)?$/i;
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

const optional = unlessBlank;

/** A secret that is long enough to resist guessing and is not a copied placeholder. */
const secret = (minLength: number, what: string) =>
  z
    .string()
    .min(minLength, `${what} must be at least ${minLength} characters`)
    .refine(
      (value) => !value.toLowerCase().startsWith(PLACEHOLDER_PREFIX),
      `${what} must not be the .env.example placeholder (generate one, e.g. \`openssl rand -hex 32\`)`,
    );

/** A port to listen on; 0 = any free port. */
export const port = (fallback: number) =>
  optional(z.coerce.number().int().min(0).max(65_535).default(fallback));
/** An interface address to bind; loopback unless the operator opens it (e.g. 0.0.0.0 in a container). */
export const bindHost = optional(
  z
    .string()
    .regex(/^[0-9A-Za-z.:-]+$/, 'must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
);

/** "65536", "64kb", "1mb" → bytes. */
const byteSize = z
  .string()
  .regex(SIZE, 'must be a size in bytes, e.g. 65536, 64kb or 1mb')
  .transform((text) => {
    const [, digits, unit] = SIZE.exec(text) as RegExpExecArray;
    return Number(digits) * (UNIT_BYTES[(unit ?? 'b').toLowerCase()] ?? 1);
  })
  .pipe(
    z
      .number()
      .int()
      .min(1024, 'must be at least 1kb')
      .max(10 * 1024 * 1024, 'must be at most 10mb'),
  );

const apiKeys = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0),
  )
  .pipe(z.array(secret(MIN_API_KEY_LENGTH, 'each key')).min(1, 'must list at least one key'));

const baseUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
  .refine((url) => !/[?#]/.test(url), 'must not carry a query or fragment')
  .transform((url) => url.replace(/\/+$/, ''));

const envSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'test', 'production']).default('development')),
  HOST: bindHost,
  PORT: port(3000),
  METRICS_HOST: bindHost,
  METRICS_PORT: port(9464),
  PUBLIC_BASE_URL: optional(baseUrl.optional()),
  API_KEYS: apiKeys,
  TEMPORAL_TASK_QUEUE: optional(z.string().min(1).default(DEFAULT_TASK_QUEUE)),
  DATABASE_URL: optional(z.string().min(1).optional()),
  WEBHOOK_BODY_LIMIT: optional(byteSize.default('64kb')),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS).default('info')),
  SHUTDOWN_GRACE_MS: optional(z.coerce.number().int().min(0).max(120_000).default(10_000)),
  CALLBACK_SECRET: optional(secret(32, 'the key').optional()),
});

export interface GatewayConfig {
  production: boolean;
  /** Interface the merchant API and provider receivers listen on. */
  host: string;
  port: number;
  /** Prometheus /metrics has a listener of its own, so the public port never serves it. */
  metrics: { host: string; port: number };
  /** No trailing slash; every callback URL handed to a provider starts with it. */
  publicBaseUrl: string;
  apiKeys: readonly string[];
  temporal: { address: string; namespace: string; taskQueue: string };
  /** Used by the worker only (the gateway never opens the database). */
  databaseUrl?: string;
  webhookBodyLimitBytes: number;
  logLevel: LogLevel;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  shutdownGraceMs: number;
  /** Key of the HMAC that binds browser-return URLs to their checkout; derived from API_KEYS when unset. */
  callbackSecret?: string;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const parsed = envSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  if (production && vars.PUBLIC_BASE_URL === undefined) {
    throw new ConfigError('Invalid configuration: PUBLIC_BASE_URL: is required in production');
  }
  if (vars.METRICS_PORT !== 0 && vars.METRICS_PORT === vars.PORT) {
    throw new ConfigError('Invalid configuration: METRICS_PORT: must differ from PORT');
  }
  if (production && vars.CALLBACK_SECRET === undefined) {
    throw new ConfigError('Invalid configuration: CALLBACK_SECRET: is required in production');
  }
  // Address and namespace as envconfig resolves them (variables over a TEMPORAL_PROFILE).
  const { address, namespace } = loadTemporalConnection(env);
  return {
    production,
    host: vars.HOST,
    port: vars.PORT,
    metrics: { host: vars.METRICS_HOST, port: vars.METRICS_PORT },
    publicBaseUrl: vars.PUBLIC_BASE_URL ?? `http://127.0.0.1:${vars.PORT}`,
    apiKeys: vars.API_KEYS,
    temporal: {
      address,
      namespace,
      taskQueue: vars.TEMPORAL_TASK_QUEUE,
    },
    databaseUrl: vars.DATABASE_URL,
    webhookBodyLimitBytes: vars.WEBHOOK_BODY_LIMIT,
    logLevel: vars.LOG_LEVEL,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS,
    callbackSecret: vars.CALLBACK_SECRET,
  };
}

/** Where the worker sends signed merchant events (Standard Webhooks); unset means none are sent. */
export interface MerchantWebhookConfig {
  url: string;
  /** `whsec_` + base64 key, as Standard Webhooks libraries expect it. */
  secret: string;
}

/** `whsec_` and at least 24 bytes of base64 key (Standard Webhooks' secrets are 24 to 64 bytes). */
const WHSEC = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

const merchantWebhookSchema = z.object({
  MERCHANT_WEBHOOK_URL: optional(
    z
      .string()
      .url('must be an absolute URL')
      .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
      .optional(),
  ),
  MERCHANT_WEBHOOK_SECRET: optional(
    z.string().regex(WHSEC, 'must be a Standard Webhooks secret: whsec_ followed by a base64 key').optional(),
  ),
});

/** Both set, or neither: a URL without its secret (or the reverse) is a mistake, not "off". */
export function loadMerchantWebhookConfig(env: NodeJS.ProcessEnv): MerchantWebhookConfig | undefined {
  const parsed = merchantWebhookSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const { MERCHANT_WEBHOOK_URL: url, MERCHANT_WEBHOOK_SECRET: secret } = parsed.data;
  if (url === undefined && secret === undefined) return undefined;
  if (url === undefined || secret === undefined)
    throw new ConfigError(
      'Invalid configuration: MERCHANT_WEBHOOK_URL and MERCHANT_WEBHOOK_SECRET: set both, or neither',
    );
  return { url, secret };
}
