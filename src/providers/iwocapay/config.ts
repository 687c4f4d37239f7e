// iwocaPay settings, parsed from the environment once at start-up. No credentials at
// all means the provider is disabled; a value present but wrong stops the process with
// the variable's name (never its value).
//
// iwocaPay serves its order API under two prefixes of one site (see ./endpoints.ts), so
// the setting is the site, IWOCAPAY_BASE_URL. The older IWOCAPAY_API_URL named the
// /api/lending/edge/ prefix only; it is still read, as the site it ends in.
import { z } from 'zod';
import { blankAsAbsent, loadProviderEnv, requiredText } from '../../config/env-values';

export const IWOCAPAY_STAGING_BASE_URL = 'https://stage.iwoca-dev.co.uk/';
const LEGACY_API_SUFFIX = /\/api\/lending\/edge\/?$/;
const CREDENTIAL_VARS = ['IWOCAPAY_SUPPLIER_UUID', 'IWOCAPAY_ACCESS_TOKEN'] as const;

const optionalUrl = z.preprocess(blankAsAbsent, z.string().url().optional());
const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
/** The site an old IWOCAPAY_API_URL (…/api/lending/edge/) belongs to. */
const siteOf = (legacyApiUrl: string | undefined) =>
  legacyApiUrl === undefined ? undefined : withSlash(legacyApiUrl.replace(LEGACY_API_SUFFIX, ''));

const envSchema = z
  .object({
    IWOCAPAY_BASE_URL: optionalUrl.refine(
      (url) => url === undefined || !URL.canParse(url) || !/\/api(\/|$)/.test(new URL(url).pathname),
      'must be the iwocaPay site (e.g. https://www.iwoca.co.uk/), not an API path',
    ),
    IWOCAPAY_API_URL: optionalUrl.refine(
      (url) => url === undefined || LEGACY_API_SUFFIX.test(url),
      'must end with /api/lending/edge/ (deprecated: set IWOCAPAY_BASE_URL to the iwocaPay site instead)',
    ),
    IWOCAPAY_SUPPLIER_UUID: requiredText().pipe(z.string().uuid('must be a UUID')),
    IWOCAPAY_ACCESS_TOKEN: requiredText(),
  })
  .superRefine((env, ctx) => {
    const legacy = siteOf(env.IWOCAPAY_API_URL);
    if (env.IWOCAPAY_BASE_URL && legacy && withSlash(env.IWOCAPAY_BASE_URL) !== legacy) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['IWOCAPAY_BASE_URL'],
        message: 'names another site than IWOCAPAY_API_URL: set only IWOCAPAY_BASE_URL',
      });
    }
  })
  .transform((env) => ({
    // Defaults to staging so a forgotten URL can never take real orders.
    baseUrl: withSlash(env.IWOCAPAY_BASE_URL ?? siteOf(env.IWOCAPAY_API_URL) ?? IWOCAPAY_STAGING_BASE_URL),
    supplierUuid: env.IWOCAPAY_SUPPLIER_UUID,
    accessToken: env.IWOCAPAY_ACCESS_TOKEN,
  }));

export type IwocaPayConfig = z.output<typeof envSchema>;

export function loadIwocaPayConfig(env: NodeJS.ProcessEnv): IwocaPayConfig | undefined {
  return loadProviderEnv('iwocaPay', CREDENTIAL_VARS, envSchema, env);
}
