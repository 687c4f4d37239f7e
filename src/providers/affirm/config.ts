// Affirm settings, parsed once from the environment. No keys: Affirm is disabled.
// A value that is present but malformed stops the process with the variable's name
// (never its value: most of these are secrets).
import { z } from 'zod';
import { withoutBlanks } from '../../config/env-values';
import { describeIssues, valueFreeErrorMap } from '../../config/issues';

const DEFAULT_API_URL = 'https://sandbox.affirm.com';
/** How long Affirm keeps a checkout open; the workflow's TTL is this plus a grace. */
const DEFAULT_CHECKOUT_TTL_MINUTES = 24 * 60;

const optionalText = z.string().min(1).optional();

const affirmEnvSchema = z.object({
  AFFIRM_API_URL: z.string().url().default(DEFAULT_API_URL),
  AFFIRM_PUBLIC_KEY: optionalText,
  AFFIRM_PRIVATE_KEY: optionalText,
  AFFIRM_WEBHOOK_USER: optionalText,
  AFFIRM_WEBHOOK_PASSWORD: optionalText,
  AFFIRM_CHECKOUT_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(DEFAULT_CHECKOUT_TTL_MINUTES),
});

export interface AffirmWebhookCredentials {
  user: string;
  password: string;
}

export interface AffirmConfig {
  apiUrl: string;
  publicKey: string;
  privateKey: string;
  /** Basic credentials Affirm puts in the status-visibility webhook URL; absent = reject every webhook. */
  webhook?: AffirmWebhookCredentials;
  checkoutTtlMinutes: number;
}

/** Returns undefined when Affirm has no API keys; throws on half-set pairs and malformed values. */
export function loadAffirmConfig(env: NodeJS.ProcessEnv): AffirmConfig | undefined {
  const parsed = affirmEnvSchema.safeParse(withoutBlanks(env, Object.keys(affirmEnvSchema.shape)), {
    errorMap: valueFreeErrorMap,
  });
  if (!parsed.success) throw new Error(`Invalid Affirm configuration: ${describeIssues(parsed.error)}`);
  return fromParsed(parsed.data);
}

function fromParsed(parsed: z.infer<typeof affirmEnvSchema>): AffirmConfig | undefined {
  const keys = requirePair(parsed.AFFIRM_PUBLIC_KEY, parsed.AFFIRM_PRIVATE_KEY, [
    'AFFIRM_PUBLIC_KEY',
    'AFFIRM_PRIVATE_KEY',
  ]);
  if (!keys) return undefined;
  const webhook = requirePair(parsed.AFFIRM_WEBHOOK_USER, parsed.AFFIRM_WEBHOOK_PASSWORD, [
    'AFFIRM_WEBHOOK_USER',
    'AFFIRM_WEBHOOK_PASSWORD',
  ]);
  return {
    apiUrl: parsed.AFFIRM_API_URL,
    publicKey: keys[0],
    privateKey: keys[1],
    webhook: webhook ? { user: webhook[0], password: webhook[1] } : undefined,
    checkoutTtlMinutes: parsed.AFFIRM_CHECKOUT_TTL_MINUTES,
  };
}

/** Both or neither: one half of a credential pair is a deployment mistake worth failing on. */
function requirePair(
  first: string | undefined,
  second: string | undefined,
  names: [string, string],
): [string, string] | undefined {
  if (first === undefined && second === undefined) return undefined;
  if (first === undefined)
    throw new Error(`Invalid Affirm configuration: ${names[0]} is required with ${names[1]}`);
  if (second === undefined)
    throw new Error(`Invalid Affirm configuration: ${names[1]} is required with ${names[0]}`);
  return [first, second];
}
