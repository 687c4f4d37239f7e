// Ecomtrade24 settings, parsed from the environment once at start-up. No credentials
// at all means the provider is disabled; a value present but wrong stops the process
// with the variable's name (never its value).
import { z } from 'zod';
import { describeIssues, valueFreeErrorMap } from '../../config/issues';

const CREDENTIAL_VARS = ['ECOMTRADE24_API_KEY', 'ECOMTRADE24_WEBHOOK_SECRET'] as const;
/** A bare host name: the provider compares it with the approved domain exactly. */
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Blank variables count as absent, the way most deploy tools leave unset ones. */
const blankAsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const required = () => z.preprocess(blankAsAbsent, z.string().min(1));

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
  if (CREDENTIAL_VARS.every((name) => blankAsAbsent(env[name]) === undefined)) return undefined;
  // The value-free error map: several of these variables are secrets.
  const parsed = envSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success)
    throw new Error(`Ecomtrade24 configuration is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
