// Error classes the rest of the product branches on. Messages may carry a provider's
// own reason, never a credential: adapters build them from response bodies only.
import type { ProviderId } from '../../workflows/domain';

/** A provider call failed. `transient` says whether retrying can help. */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderId,
    message: string,
    readonly transient: boolean,
    readonly httpStatus?: number,
  ) {
    super(`${provider}: ${message}`);
    this.name = transient ? 'TransientProviderError' : 'PermanentProviderError';
  }
}

/**
 * The provider answered 2xx, so it accepted the request, but the answer could not be
 * read (not JSON, wrong shape, cut off). Permanent for a call that is not idempotent
 * (a create at most providers): sending it again could open a second session. Only a
 * call that is safe to repeat (a read, or one the provider deduplicates by its
 * idempotency key) stays retryable, because there the retry returns the same result.
 * The message names the call and status only, never the body.
 */
export class UnreadableSuccessError extends ProviderError {
  constructor(provider: ProviderId, where: string, httpStatus: number, repeatable: boolean) {
    const head = `${where} answered ${httpStatus}: the provider accepted the request but its answer could not be read`;
    super(
      provider,
      repeatable
        ? `${head}; the call is safe to repeat`
        : `${head}, so the session may exist at the provider; not retried`,
      repeatable,
      httpStatus,
    );
    this.name = 'UnreadableSuccessError';
  }
}

/** Inbound authentication failed: signature, hash, credentials or timestamp. Details are for logs. */
export class VerificationError extends Error {
  constructor(
    readonly provider: ProviderId,
    readonly detail: string,
  ) {
    super(`${provider}: verification failed: ${detail}`);
    this.name = 'VerificationError';
  }
}

/** Inbound content passed verification but is not what the provider documents. */
export class InboundParseError extends Error {
  constructor(
    readonly provider: ProviderId,
    readonly detail: string,
  ) {
    super(`${provider}: malformed inbound message: ${detail}`);
    this.name = 'InboundParseError';
  }
}

/** The provider has no credentials configured, so it cannot be used. */
export class ProviderDisabledError extends Error {
  constructor(readonly provider: ProviderId) {
    super(`${provider} is not configured: set its credentials in the environment`);
    this.name = 'ProviderDisabledError';
  }
}
