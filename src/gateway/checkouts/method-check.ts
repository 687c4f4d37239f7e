// Ecomtrade24 smart routing: a method the merchant's package does not offer would only
// fail later at the provider, after a workflow started and the backend waited for it.
// Asking me.php first turns that into a clear 422.
import { ProviderError } from '../../providers/errors';
import type { GatewayDeps } from '../deps';
import { HttpError } from '../errors';
import type { CreateCheckoutRequest } from './schema';

export async function assertMethodOffered(
  check: GatewayDeps['checkEcomtrade24Method'],
  request: CreateCheckoutRequest,
): Promise<void> {
  const method = request.options?.method;
  if (request.provider !== 'ecomtrade24' || method === undefined || check === undefined) return;
  const verdict = await check(method).catch((err: unknown) => {
    if (!(err instanceof ProviderError)) throw err;
    throw new HttpError(
      502,
      'provider_unavailable',
      `ecomtrade24 could not list its payment methods: ${err.message}`,
    );
  });
  if (!verdict.allowed) throw new HttpError(422, 'method_not_offered', `ecomtrade24: ${verdict.reason}`);
}
