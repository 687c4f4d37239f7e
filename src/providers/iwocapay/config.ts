// iwocaPay settings, parsed from the environment once at start-up. No credentials at
// all means the provider is disabled; a value present but wrong stops the process with
// the variable's name (never its value).
import { z } from 'zod';
import { blankAsAbsent, loadProviderEnv, requiredText } from '../../config/env-values';

export const IWOCAPAY_STAGING_API_URL = 'https://stage.iwoca-dev.co.uk/api/lending/edge/';
const CREDENTIAL_VARS = ['IWOCAPAY_SUPPLIER_UUID', 'IWOCAPAY_ACCESS_TOKEN'] as const;

const required = requiredText;

const envSchema = z
  .object({
    // Defaults to staging so a forgotten URL can never take real orders.
    IWOCAPAY_API_URL: z.preprocess(blankAsAbsent, z.string().url().default(IWOCAPAY_STAGING_API_URL)),
    IWOCAPAY_SUPPLIER_UUID: required().pipe(z.string().uuid('must be a UUID')),
    IWOCAPAY_ACCESS_TOKEN: required(),
  })
  .transform((env) => ({
    apiUrl: env.IWOCAPAY_API_URL,
    supplierUuid: env.IWOCAPAY_SUPPLIER_UUID,
    accessToken: env.IWOCAPAY_ACCESS_TOKEN,
  }));

export type IwocaPayConfig = z.output<typeof envSchema>;

export function loadIwocaPayConfig(env: NodeJS.ProcessEnv): IwocaPayConfig | undefined {
  return loadProviderEnv('iwocaPay', CREDENTIAL_VARS, envSchema, env);
}
