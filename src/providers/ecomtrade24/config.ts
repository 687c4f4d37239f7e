// Ecomtrade24 settings, parsed from the environment once at start-up. No credentials
// at all means the provider is disabled; a value present but wrong stops the process
// with the variable's name (never its value).
import { z } from 'zod';
import { loadProviderEnv, requiredText } from '../../config/env-values';

const CREDENTIAL_VARS = ['ECOMTRADE24_API_KEY', 'ECOMTRADE24_WEBHOOK_SECRET'] as const;
/** A bare host name: the provider compares it with the approved domain exactly. */
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const required = requiredText;

const envSchema = z
  .object({
    // No public sandbox host is documented, so there is no safe default.
    ECOMTRADE24_API_URL: required().pipe(z.string().url()),
    ECOMTRADE24_API_KEY: required(),
    ECOMTRADE24_WEBHOOK_SECRET: required(),
    ECOMTRADE24_DOMAIN: required().pipe(
      z
        .string()
        .regex(HOSTNAME, 'must be the bare approved domain, e.g. shop.example.com (no scheme or path)'),
    ),
  })
  .transform((env) => ({
    apiUrl: env.ECOMTRADE24_API_URL,
    apiKey: env.ECOMTRADE24_API_KEY,
    webhookSecret: env.ECOMTRADE24_WEBHOOK_SECRET,
    domain: env.ECOMTRADE24_DOMAIN,
  }));

export type Ecomtrade24Config = z.output<typeof envSchema>;

export function loadEcomtrade24Config(env: NodeJS.ProcessEnv): Ecomtrade24Config | undefined {
  return loadProviderEnv('Ecomtrade24', CREDENTIAL_VARS, envSchema, env);
}
