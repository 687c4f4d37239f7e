// Activities that call a provider through its adapter. They stay thin: pick the
// adapter, call it, and classify failures so Temporal retries only what can succeed.
import { ApplicationFailure } from '@temporalio/common';
import { sameAmount } from '../src/money';
import { ProviderDisabledError, ProviderError } from '../src/providers/errors';
import type { ProviderRegistry } from '../src/providers/registry';
import type { Authorization, ProviderAdapter } from '../src/providers/types';
import { PERMANENT_PROVIDER_ERROR } from '../workflows/failures';
import type { ProviderId } from '../workflows/domain';
import type {
  AuthorizationVerdict,
  AuthorizeProviderTransactionInput,
  CreateProviderSessionInput,
  CreateProviderSessionResult,
  PollProviderStatusResult,
  ProviderSessionRef,
  VoidProviderAuthorizationInput,
} from './types';

/** Transient provider errors are rethrown (Temporal retries them); everything the provider refused is final. */
export async function callProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProviderDisabledError || (error instanceof ProviderError && !error.transient)) {
      throw ApplicationFailure.nonRetryable(error.message, PERMANENT_PROVIDER_ERROR);
    }
    throw error;
  }
}

/** The calls only some providers have (status reads, cancels, authorization, after-sale money). */
type Operation =
  | 'readStatus'
  | 'cancelSession'
  | 'authorize'
  | 'voidAuthorization'
  | 'capture'
  | 'refund'
  | 'updateShipping';

/** The adapter's optional operation, or a permanent failure: retrying cannot add a method. */
export function operation<K extends Operation>(
  adapter: ProviderAdapter,
  name: K,
): NonNullable<ProviderAdapter[K]> {
  const method = adapter[name];
  if (!method)
    throw ApplicationFailure.nonRetryable(`${adapter.id} has no ${name} call`, PERMANENT_PROVIDER_ERROR);
  return method.bind(adapter) as NonNullable<ProviderAdapter[K]>;
}

/**
 * What makes an authorization not this checkout's. The session check is the strong one
 * (Affirm's transaction names the checkout it came from); a transaction without that field
 * is still held to the order id we sent, where it echoes one.
 */
function mismatchOf(
  input: AuthorizeProviderTransactionInput,
  authorization: Authorization,
): string | undefined {
  if (authorization.status !== 'authorized') return `authorization status is ${authorization.status}`;
  if (!sameAmount(authorization.amount, input.amount)) {
    return `authorized ${authorization.amount}, checkout amount is ${input.amount}`;
  }
  const { sessionReference } = authorization;
  if (
    sessionReference !== undefined &&
    input.providerReference !== undefined &&
    sessionReference !== input.providerReference
  ) {
    return `authorization is for session ${sessionReference}, not ${input.providerReference}`;
  }
  if (authorization.orderId !== undefined && authorization.orderId !== input.checkoutId) {
    return `authorization is for order ${authorization.orderId}, not ${input.checkoutId}`;
  }
  return undefined;
}

export function createProviderActivities(providers: ProviderRegistry) {
  const adapter = (id: ProviderId) => callProvider(async () => providers.get(id));
  return {
    async createProviderSession(input: CreateProviderSessionInput): Promise<CreateProviderSessionResult> {
      const provider = await adapter(input.provider);
      return callProvider(() => provider.createSession(input.session));
    },

    async pollProviderStatus(input: ProviderSessionRef): Promise<PollProviderStatusResult> {
      const readStatus = operation(await adapter(input.provider), 'readStatus');
      return callProvider(() => readStatus(input.providerReference));
    },

    async cancelProviderSession(input: ProviderSessionRef): Promise<void> {
      const cancelSession = operation(await adapter(input.provider), 'cancelSession');
      await callProvider(() => cancelSession(input.providerReference));
    },

    /** The amount and order id are checked here, with the project's money code, not in the workflow. */
    async authorizeProviderTransaction(
      input: AuthorizeProviderTransactionInput,
    ): Promise<AuthorizationVerdict> {
      const authorize = operation(await adapter(input.provider), 'authorize');
      const authorization = await callProvider(() =>
        authorize({
          checkoutToken: input.checkoutToken,
          checkoutId: input.checkoutId,
          idempotencyKey: input.idempotencyKey,
        }),
      );
      const detail = mismatchOf(input, authorization);
      return detail === undefined
        ? { outcome: 'authorized', transactionId: authorization.transactionId, amount: authorization.amount }
        : { outcome: 'mismatch', transactionId: authorization.transactionId, detail };
    },

    async voidProviderAuthorization(input: VoidProviderAuthorizationInput): Promise<void> {
      const voidAuthorization = operation(await adapter(input.provider), 'voidAuthorization');
      await callProvider(() =>
        voidAuthorization({ transactionId: input.transactionId, idempotencyKey: input.idempotencyKey }),
      );
    },
  };
}
