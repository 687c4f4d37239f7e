// How fast and how wide each provider's task queue may run (provider-workers.ts).
// PROVIDER_RATE_LIMITS=wipay=2,affirm=0.5 sets activities per second for the named
// providers; the others keep the default. PROVIDER_MAX_CONCURRENT_ACTIVITIES caps the
// calls one worker runs at once per provider, so a provider that hangs holds only its
// own slots.
import { z } from 'zod';
import { commaSeparated, unlessBlank } from '../config/env-values';
import { describeIssues, valueFreeErrorMap } from '../config/issues';
import { PROVIDER_IDS } from '../../workflows/domain';
import type { ProviderId } from '../../workflows/domain';

/** Our own ceiling, not a provider's published limit (none publishes one we rely on). */
export const DEFAULT_PROVIDER_RATE_PER_SECOND = 10;
export const DEFAULT_PROVIDER_MAX_CONCURRENT = 10;

export interface ProviderLimit {
  /** Activities per second on the provider's task queue (all workers together). */
  perSecond: number;
  /** Calls to this provider one worker runs at once. */
  maxConcurrent: number;
}

const rateEntry = z
  .string()
  .regex(/^[a-z0-9]+=\d+(\.\d+)?$/, 'expected provider=perSecond')
  .transform((entry) => {
    const [provider, rate] = entry.split('=');
    return { provider, perSecond: Number(rate) };
  })
  .pipe(
    z.object({
      provider: z.enum(PROVIDER_IDS),
      perSecond: z.number().positive().max(10_000),
    }),
  );

const limitsEnvSchema = z.object({
  PROVIDER_RATE_LIMITS: unlessBlank(commaSeparated().pipe(z.array(rateEntry)).default('')),
  PROVIDER_MAX_CONCURRENT_ACTIVITIES: unlessBlank(
    z.coerce.number().int().min(1).max(1000).default(DEFAULT_PROVIDER_MAX_CONCURRENT),
  ),
});

export function loadProviderLimits(env: NodeJS.ProcessEnv): Record<ProviderId, ProviderLimit> {
  const parsed = limitsEnvSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new Error(`Invalid worker configuration: ${describeIssues(parsed.error)}`);
  const rates = new Map(parsed.data.PROVIDER_RATE_LIMITS.map((entry) => [entry.provider, entry.perSecond]));
  const limits = {} as Record<ProviderId, ProviderLimit>;
  for (const provider of PROVIDER_IDS) {
    limits[provider] = {
      perSecond: rates.get(provider) ?? DEFAULT_PROVIDER_RATE_PER_SECOND,
      maxConcurrent: parsed.data.PROVIDER_MAX_CONCURRENT_ACTIVITIES,
    };
  }
  return limits;
}
