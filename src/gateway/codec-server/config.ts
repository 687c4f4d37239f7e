// The codec server's settings. It is off unless CODEC_SERVER_PORT is set; it listens on a
// port of its own (loopback unless CODEC_SERVER_HOST opens it), never on the public one the
// providers reach, and it always wants a key. CODEC_SERVER_CORS_ORIGINS lists the Web UI
// origins whose pages may call it.
import { z } from 'zod';
import { ConfigError } from '../../config/env';
import { commaSeparated, unlessBlank } from '../../config/env-values';
import { describeIssues, valueFreeErrorMap } from '../../config/issues';

const MIN_KEY_LENGTH = 32;

const list = (item: z.ZodTypeAny, what: string) =>
  commaSeparated().pipe(z.array(item).min(1, `must list at least one ${what}`));

/** An origin as browsers send it: scheme, host, optional port, nothing else. */
const origin = z
  .string()
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
    'each origin must look like https://temporal-ui.example.com',
  );

const codecServerEnvSchema = z.object({
  CODEC_SERVER_PORT: unlessBlank(z.coerce.number().int().min(0).max(65_535).optional()),
  CODEC_SERVER_HOST: unlessBlank(
    z
      .string()
      .regex(/^[0-9A-Za-z.:-]+$/, 'must be an IP address or host name, e.g. 127.0.0.1')
      .default('127.0.0.1'),
  ),
  CODEC_SERVER_KEYS: unlessBlank(
    list(
      z.string().min(MIN_KEY_LENGTH, `each key must be at least ${MIN_KEY_LENGTH} characters`),
      'key',
    ).optional(),
  ),
  CODEC_SERVER_CORS_ORIGINS: unlessBlank(list(origin, 'origin').optional()),
});

export interface CodecServerConfig {
  host: string;
  port: number;
  keys: readonly string[];
  corsOrigins: readonly string[];
}

/** undefined when the codec server is off. */
export function loadCodecServerConfig(env: NodeJS.ProcessEnv): CodecServerConfig | undefined {
  const parsed = codecServerEnvSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const vars = parsed.data;
  if (vars.CODEC_SERVER_PORT === undefined) return undefined;
  if (vars.CODEC_SERVER_KEYS === undefined) {
    throw new ConfigError(
      'Invalid configuration: CODEC_SERVER_KEYS: is required when CODEC_SERVER_PORT is set',
    );
  }
  return {
    host: vars.CODEC_SERVER_HOST,
    port: vars.CODEC_SERVER_PORT,
    keys: vars.CODEC_SERVER_KEYS as string[],
    corsOrigins: (vars.CODEC_SERVER_CORS_ORIGINS as string[] | undefined) ?? [],
  };
}
