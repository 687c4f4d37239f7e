// iwocaPay settings, parsed from the environment once at start-up. No credentials at
// all means the provider is disabled; a value present but wrong stops the process with
// the variable's name (never its value).
import { z } from 'zod';

export const IWOCAPAY_STAGING_API_URL = 'https://stage.iwoca-dev.co.uk/api/lending/edge/';
const CREDENTIAL_VARS = ['IWOCAPAY_SUPPLIER_UUID', 'IWOCAPAY_ACCESS_TOKEN'] as const;

/** Blank variables count as absent, the way most deploy tools leave unset ones. */
const blankAsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const required = (name: string) =>
  z.preprocess(blankAsAbsent, z.string({ required_error: `${name} is required` }).min(1));

const envSchema = z
  .object({
    // Defaults to staging so a forgotten URL can never take real orders.
    IWOCAPAY_API_URL: z.preprocess(blankAsAbsent, z.string().url().default(IWOCAPAY_STAGING_API_URL)),
    IWOCAPAY_SUPPLIER_UUID: required('IWOCAPAY_SUPPLIER_UUID').pipe(z.string().uuid('must be a UUID')),
    IWOCAPAY_ACCESS_TOKEN: required('IWOCAPAY_ACCESS_TOKEN'),
  })
  .transform((env) => ({
    apiUrl: env.IWOCAPAY_API_URL,
    supplierUuid: env.IWOCAPAY_SUPPLIER_UUID,
    accessToken: env.IWOCAPAY_ACCESS_TOKEN,
  }));

export type IwocaPayConfig = z.output<typeof envSchema>;

export function loadIwocaPayConfig(env: NodeJS.ProcessEnv): IwocaPayConfig | undefined {
  if (CREDENTIAL_VARS.every((name) => blankAsAbsent(env[name]) === undefined)) return undefined;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`iwocaPay configuration is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
