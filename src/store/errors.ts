// Errors the store throws for calls that can never succeed however often they are
// retried; activities should surface them as non-retryable failures.

/** An input failed validation at the store's edge. */
export class InvalidStoreInputError extends Error {
  constructor(
    operation: string,
    readonly issues: readonly string[],
  ) {
    super(`${operation}: invalid input: ${issues.join('; ')}`);
    this.name = 'InvalidStoreInputError';
  }
}

/**
 * A write named an existing checkout with different identifying fields (merchant order,
 * provider, amount or currency). That is a bug or a tampered event, never a retry, so
 * the store refuses to guess which side is right.
 */
export class CheckoutMismatchError extends Error {
  constructor(
    readonly checkoutId: string,
    readonly fields: readonly string[],
  ) {
    super(`checkout ${checkoutId} exists with different ${fields.join(', ')}`);
    this.name = 'CheckoutMismatchError';
  }
}
