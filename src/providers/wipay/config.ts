// WiPay settings, parsed once from the environment. No account number and API key:
// WiPay is disabled. A present but malformed value stops the process with the
// variable's name (never its value: the API key is the hash secret).
import { z } from 'zod';
import { withoutBlanks } from '../../config/env-values';
import { describeIssues, valueFreeErrorMap } from '../../config/issues';

/** WiPay's platforms, written as its payment request wants them (`^[A-Z]{2}$`). */
export const WIPAY_COUNTRY_CODES = ['BB', 'GD', 'GY', 'JM', 'TT'] as const;
export const WIPAY_FEE_STRUCTURES = ['customer_pay', 'merchant_absorb', 'split'] as const;
/** WiPay's rule for `order_id` and `origin`: `[A-Za-z0-9_-]`, not starting or ending with `-`/`_`. */
export const WIPAY_IDENTIFIER = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;
export const WIPAY_ORIGIN_MAX = 32;
const DEFAULT_ORIGIN = 'checkout-orchestrator';

const optionalText = z.string().min(1).optional();
/** Upper case as documented; lower case ("tt", our earlier examples) is tolerated. */
const countryCode = z
  .string()
  .transform((code) => code.toUpperCase())
  .pipe(z.enum(WIPAY_COUNTRY_CODES));

const wipayEnvSchema = z.object({
  WIPAY_API_URL: z.string().url().optional(),
  WIPAY_ACCOUNT_NUMBER: z.string().regex(/^\d+$/, 'must be digits').optional(),
  WIPAY_API_KEY: optionalText,
  WIPAY_COUNTRY_CODE: countryCode.optional(),
  WIPAY_ENVIRONMENT: z.enum(['live', 'sandbox']).default('sandbox'),
  WIPAY_FEE_STRUCTURE: z.enum(WIPAY_FEE_STRUCTURES).default('merchant_absorb'),
  /** A WAPI key (BUSINESS accounts) for the refund request; absent: no refunds [doc: WAPIs overview]. */
  WIPAY_WAPI_KEY: z
    .string()
    .regex(/^wapi_(live|test)_\S+$/, 'must look like wapi_live_… or wapi_test_…')
    .optional(),
  WIPAY_ORIGIN: z
    .string()
    .max(WIPAY_ORIGIN_MAX, `must be at most ${WIPAY_ORIGIN_MAX} characters`)
    .regex(WIPAY_IDENTIFIER, 'may use only [A-Za-z0-9_-] and may not start or end with - or _')
    .default(DEFAULT_ORIGIN),
});

export type WipayCountryCode = (typeof WIPAY_COUNTRY_CODES)[number];
export type WipayFeeStructure = (typeof WIPAY_FEE_STRUCTURES)[number];

export interface WipayConfig {
  apiUrl: string;
  accountNumber: string;
  /** Used only to check the result hash: WiPay's request has no auth header. */
  apiKey: string;
  countryCode: WipayCountryCode;
  environment: 'live' | 'sandbox';
  feeStructure: WipayFeeStructure;
  origin: string;
  /** X-WAPI-Key for WAPI calls (the refund request); absent = refunds are not offered. */
  wapiKey?: string;
}

/** Returns undefined when WiPay has no credentials; throws on partial or malformed settings. */
export function loadWipayConfig(env: NodeJS.ProcessEnv): WipayConfig | undefined {
  const parsed = wipayEnvSchema.safeParse(withoutBlanks(env, Object.keys(wipayEnvSchema.shape)), {
    errorMap: valueFreeErrorMap,
  });
  if (!parsed.success) throw new Error(`Invalid WiPay configuration: ${describeIssues(parsed.error)}`);
  const settings = parsed.data;
  const { WIPAY_ACCOUNT_NUMBER: accountNumber, WIPAY_API_KEY: apiKey } = settings;
  if (accountNumber === undefined && apiKey === undefined) return undefined;
  if (accountNumber === undefined) throw missing('WIPAY_ACCOUNT_NUMBER');
  if (apiKey === undefined) throw missing('WIPAY_API_KEY');
  if (settings.WIPAY_COUNTRY_CODE === undefined) throw missing('WIPAY_COUNTRY_CODE');
  return {
    apiUrl: settings.WIPAY_API_URL ?? defaultApiUrl(settings.WIPAY_COUNTRY_CODE, settings.WIPAY_ENVIRONMENT),
    accountNumber,
    apiKey,
    countryCode: settings.WIPAY_COUNTRY_CODE,
    environment: settings.WIPAY_ENVIRONMENT,
    feeStructure: settings.WIPAY_FEE_STRUCTURE,
    origin: settings.WIPAY_ORIGIN,
    ...(settings.WIPAY_WAPI_KEY ? { wapiKey: settings.WIPAY_WAPI_KEY } : {}),
  };
}

/** `https://{cc}.wipayfinancial.com` live, `https://{cc}sb.wipayfinancial.com` sandbox (cc lower case). */
export function defaultApiUrl(countryCode: WipayCountryCode, environment: 'live' | 'sandbox'): string {
  const host = countryCode.toLowerCase();
  return `https://${host}${environment === 'sandbox' ? 'sb' : ''}.wipayfinancial.com`;
}

function missing(name: string): Error {
  return new Error(`Invalid WiPay configuration: ${name} is required when WiPay credentials are set`);
}
