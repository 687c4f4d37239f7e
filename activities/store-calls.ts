// Activities over the order store. Every store write is keyed by the checkout id and
// returns the same answer when repeated, so Temporal may retry these at will, except
// where the store says a call can never succeed: those fail once, non-retryably, with a
// named type the workflow handles (workflows/failures.ts).
import { ApplicationFailure } from '@temporalio/common';
import type {
  CancelOrderInput,
  CancelOrderResult,
  CheckoutStatus,
  CompleteOrderInput,
  CompleteOrderResult,
  OrderStore,
  RecordCheckoutInput,
} from '../src/store';
import { CheckoutMismatchError, InvalidStoreInputError } from '../src/store';
import type { InboundEventRecord } from '../workflows/contract';
import { CHECKOUT_MISMATCH_ERROR, INVALID_STORE_INPUT_ERROR } from '../workflows/failures';
import type { SetProviderReferenceInput } from './types';

/** Permanent store errors become non-retryable failures; anything else (an outage) is retried. */
export async function callStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // Both messages name fields and rules, never the values (src/store/errors.ts).
    if (error instanceof InvalidStoreInputError)
      throw ApplicationFailure.nonRetryable(error.message, INVALID_STORE_INPUT_ERROR);
    if (error instanceof CheckoutMismatchError)
      throw ApplicationFailure.nonRetryable(error.message, CHECKOUT_MISMATCH_ERROR);
    throw error;
  }
}

export function createStoreActivities(store: OrderStore, now: () => Date) {
  return {
    recordCheckout: (input: RecordCheckoutInput): Promise<{ created: boolean; status?: CheckoutStatus }> =>
      callStore(() => store.recordCheckout(input)),

    setProviderReference: (input: SetProviderReferenceInput): Promise<{ updated: boolean }> =>
      callStore(() => store.setProviderReference(input.checkoutId, input.providerReference)),

    completeOrder: (input: CompleteOrderInput): Promise<CompleteOrderResult> =>
      callStore(() => store.completeOrder(input)),

    cancelOrder: (input: CancelOrderInput): Promise<CancelOrderResult> =>
      callStore(() => store.cancelOrder(input)),

    /** An event for a closed or unknown checkout, recorded once per (provider, eventId). */
    recordInboundEvent: ({ event, reason }: InboundEventRecord): Promise<{ recorded: boolean }> =>
      callStore(() =>
        store.recordInboundEvent({
          provider: event.provider,
          checkoutReference: event.checkoutReference,
          providerReference: event.providerReference,
          rawStatus: event.rawStatus,
          kind: event.kind,
          eventId: event.eventId,
          reason,
          payload: { event, recordedAt: now().toISOString() },
        }),
      ),
  };
}
