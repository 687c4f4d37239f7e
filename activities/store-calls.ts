// Activities over the order store. Every store write is keyed by the checkout id and
// returns the same answer when repeated, so Temporal may retry these at will.
import type {
  CancelOrderInput,
  CancelOrderResult,
  CompleteOrderInput,
  CompleteOrderResult,
  OrderStore,
  RecordCheckoutInput,
} from '../src/store';
import type { InboundEventRecord } from '../workflows/contract';
import type { SetProviderReferenceInput } from './types';

export function createStoreActivities(store: OrderStore, now: () => Date) {
  return {
    recordCheckout: (input: RecordCheckoutInput): Promise<{ created: boolean }> =>
      store.recordCheckout(input),

    setProviderReference: (input: SetProviderReferenceInput): Promise<{ updated: boolean }> =>
      store.setProviderReference(input.checkoutId, input.providerReference),

    completeOrder: (input: CompleteOrderInput): Promise<CompleteOrderResult> => store.completeOrder(input),

    cancelOrder: (input: CancelOrderInput): Promise<CancelOrderResult> => store.cancelOrder(input),

    /** An event for a closed or unknown checkout, recorded once per (provider, eventId). */
    recordInboundEvent: ({ event, reason }: InboundEventRecord): Promise<{ recorded: boolean }> =>
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
  };
}
