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
  PaidAfterCancelInput,
  RecordCheckoutInput,
} from '../src/store';
import { CheckoutMismatchError, InvalidStoreInputError } from '../src/store';
import type { InboundEventRecord } from '../workflows/contract';
import { CHECKOUT_MISMATCH_ERROR, INVALID_STORE_INPUT_ERROR } from '../workflows/failures';
import { providerEventSchema } from '../src/gateway/inbound/event-bounds';
import type { ProviderEvent } from '../workflows/domain';
import type { ClaimRecordedEventsInput, ClaimRecordedEventsResult, SetProviderReferenceInput } from './types';

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

/**
 * A fulfilling event for a closed checkout that the store holds as cancelled: money the
 * customer paid after the cancel, which no workflow listens for any more. Ops refund it.
 */
async function notePaidAfterClosedCancel(
  store: OrderStore,
  { event, checkoutId }: InboundEventRecord,
): Promise<{ paidAfterCancel: boolean }> {
  if (checkoutId === undefined || event.kind !== 'fulfil') return { paidAfterCancel: false };
  const checkout = await store.getCheckout(checkoutId);
  if (checkout?.status !== 'cancelled' || checkout.provider !== event.provider)
    return { paidAfterCancel: false };
  const reference = event.providerReference ?? checkout.providerReference ?? checkoutId;
  await store.recordPaidAfterCancel({
    checkoutId,
    provider: event.provider,
    eventId: event.eventId,
    amount: event.amount ?? checkout.amount,
    currency: event.currency ?? checkout.currency,
    action: { kind: 'refundAtProvider', reference, detail: 'arrived after the checkout closed' },
  });
  return { paidAfterCancel: true };
}

export function createStoreActivities(store: OrderStore, now: () => Date) {
  return {
    recordPaidAfterCancel: (input: PaidAfterCancelInput): Promise<{ recorded: boolean }> =>
      callStore(() => store.recordPaidAfterCancel(input)),

    notePaidAfterClosedCancel: (record: InboundEventRecord): Promise<{ paidAfterCancel: boolean }> =>
      callStore(() => notePaidAfterClosedCancel(store, record)),

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

    /**
     * Events recorded for an unknown checkout that name the reference this checkout just
     * learned, claimed for it. Each payload's event is bounded again before it reaches
     * the workflow; a row that no longer parses is only counted.
     */
    claimRecordedEvents: (input: ClaimRecordedEventsInput): Promise<ClaimRecordedEventsResult> =>
      claimRecordedEvents(store, input),

    /**
     * setProviderReference and then claimRecordedEvents, in one call: the checkout's one
     * store write once its session is open (a lean run's one local activity there). Both
     * are idempotent, so a repeat answers the same.
     */
    async recordProviderReference(input: ClaimRecordedEventsInput): Promise<ClaimRecordedEventsResult> {
      await callStore(() => store.setProviderReference(input.checkoutId, input.providerReference));
      return claimRecordedEvents(store, input);
    },

    /** The open checkout an unknown-checkout event turned out to belong to, now claimed for it. */
    async claimRecordedEventForCheckout({ event }: InboundEventRecord): Promise<{ checkoutId?: string }> {
      const { provider, providerReference, eventId } = event;
      if (providerReference === undefined) return {};
      return callStore(() => store.claimRecordedEventForCheckout({ provider, providerReference, eventId }));
    },
  };
}

async function claimRecordedEvents(
  store: OrderStore,
  input: ClaimRecordedEventsInput,
): Promise<ClaimRecordedEventsResult> {
  const claimed = await callStore(() => store.claimRecordedEvents(input));
  const events: ProviderEvent[] = [];
  for (const row of claimed) {
    const event = recordedEvent(row.payload);
    if (event?.provider === input.provider && event.providerReference === input.providerReference)
      events.push(event);
  }
  return { events, unreadable: claimed.length - events.length };
}

/** The event recordInboundEvent wrapped in its payload, if it is still one. */
function recordedEvent(payload: unknown): ProviderEvent | undefined {
  if (typeof payload !== 'object' || payload === null || !('event' in payload)) return undefined;
  const parsed = providerEventSchema.safeParse(payload.event);
  return parsed.success ? parsed.data : undefined;
}
