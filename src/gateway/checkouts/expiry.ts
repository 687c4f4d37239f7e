// The merchant's expiresAt on POST /checkouts: in the future, and no later than the
// provider allows (policies.ts maxExpiresInMs); either refusal is a 422 that starts nothing.
import { PROVIDER_POLICIES } from '../../../workflows/policies';
import type { ProviderId } from '../../../workflows/domain';
import { HttpError } from '../errors';

/** Sooner than this the checkout would expire before the customer could reach the provider. */
export const MIN_EXPIRES_IN_MS = 60_000;

export function assertExpiryAllowed(provider: ProviderId, expiresAt: string | undefined, now: Date): void {
  if (expiresAt === undefined) return;
  const inMs = Date.parse(expiresAt) - now.getTime();
  if (inMs < MIN_EXPIRES_IN_MS) {
    throw new HttpError(422, 'expires_at_in_past', 'expiresAt must be at least one minute from now');
  }
  const maxMs = PROVIDER_POLICIES[provider].maxExpiresInMs;
  if (inMs > maxMs) {
    throw new HttpError(
      422,
      'expires_at_out_of_range',
      `expiresAt is beyond what ${provider} allows (at most ${Math.floor(maxMs / 60_000)} minutes from now)`,
    );
  }
}
