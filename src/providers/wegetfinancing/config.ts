// WeGetFinancing settings, parsed from the environment once at start-up. No
// credentials at all means the provider is simply disabled; a value that is present
// but wrong stops the process with the variable's name (never its value).
import { z } from 'zod';
import { blankAsAbsent, loadProviderEnv, requiredText } from '../../config/env-values';

export const WGF_SANDBOX_API_URL = 'https://api.sandbox.wegetfinancing.com';
const CREDENTIAL_VARS = ['WGF_MERCHANT_ID', 'WGF_USERNAME', 'WGF_PASSWORD'] as const;

const required = requiredText;

const envSchema = z
  .object({
    // Defaults to the sandbox host so a forgotten URL can never charge real customers.
    WGF_API_URL: z.preprocess(blankAsAbsent, z.string().url().default(WGF_SANDBOX_API_URL)),
    /**
     * The v3 API (shipping status) lives on another host: apisrv.* next to api.* [doc:
     * WeGetFinancing php-sdk AbstractHttpClient]. Unset: derived from WGF_API_URL.
     */
    WGF_API_V3_URL: z.preprocess(blankAsAbsent, z.string().url().optional()),
    WGF_MERCHANT_ID: required().pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')),
    WGF_USERNAME: required(),
    WGF_PASSWORD: required(),
    WGF_SIGNATURE_TOLERANCE_SECONDS: z.preprocess(
      blankAsAbsent,
      z.coerce.number().int().min(1).max(86_400).default(300),
    ),
  })
  .transform((env) => ({
    apiUrl: env.WGF_API_URL,
    ...(env.WGF_API_V3_URL ? { apiV3Url: env.WGF_API_V3_URL } : {}),
    merchantId: env.WGF_MERCHANT_ID,
    username: env.WGF_USERNAME,
    password: env.WGF_PASSWORD,
    signatureToleranceSeconds: env.WGF_SIGNATURE_TOLERANCE_SECONDS,
  }));

export type WeGetFinancingConfig = Omit<z.output<typeof envSchema>, 'apiV3Url'> & { apiV3Url?: string };

export function loadWeGetFinancingConfig(env: NodeJS.ProcessEnv): WeGetFinancingConfig | undefined {
  return loadProviderEnv('WeGetFinancing', CREDENTIAL_VARS, envSchema, env);
}
