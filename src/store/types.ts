// The order store's public vocabulary. Amounts are decimal strings ("19.99") in and
// out; timestamps are ISO-8601 strings. Every write is keyed by the checkout id and is
// safe to repeat, so an activity can retry it after a crash at any line.
import type { OutcomeKind, ProviderId } from '../../workflows/domain';
import type { MerchantEventStore } from './merchant-event-types';

export type * from './merchant-event-types';
import type { CheckoutListPage, CheckoutListQuery } from './checkout-list-types';
import type { IdempotencyClaim, IdempotencyClaimResult, IdempotentAnswer } from './idempotency-types';

export type * from './checkout-list-types';
export type * from './idempotency-types';

export type CheckoutStatus = 'open' | 'completed' | 'cancelled';
export type InboundEventReason = 'unknownCheckout' | 'closedCheckout';

/** What identifies a checkout attempt; every write that may create the row carries it. */
export interface CheckoutIdentity {
  checkoutId: string;
  merchantOrderId: string;
  provider: ProviderId;
  /** decimal string, at most 2 decimals */
  amount: string;
  /** ISO 4217, upper case */
  currency: string;
}

export interface RecordCheckoutInput extends CheckoutIdentity {
  /** The merchant's labels (POST /checkouts `metadata`); stored with the row, never compared. */
  metadata?: Record<string, string>;
}

export interface CompleteOrderInput extends CheckoutIdentity {
  providerReference?: string;
  /** The provider's id of the captured/authorized payment (Affirm's transaction id). */
  providerTransactionId?: string;
}

export interface CancelOrderInput extends CheckoutIdentity {
  /** Why the checkout ended without an order: declined, expired, merchantCancelled, … */
  reason: string;
  providerReference?: string;
}

export type CompleteOrderResult =
  | { outcome: 'completed'; orderId: string; alreadyDone: boolean }
  | { outcome: 'refused'; reason: 'checkoutCancelled' };

export type CancelOrderResult =
  | { outcome: 'cancelled'; alreadyDone: boolean }
  | { outcome: 'refused'; reason: 'checkoutCompleted' };

export interface InboundEventInput {
  provider: ProviderId;
  checkoutReference?: string;
  providerReference?: string;
  rawStatus: string;
  kind: OutcomeKind;
  /** The provider event's stable id; (provider, eventId) is recorded once. */
  eventId: string;
  reason: InboundEventReason;
  /** Any JSON value: the normalised event or the raw body, for operations. */
  payload?: unknown;
}

export interface CheckoutRecord extends CheckoutIdentity {
  providerReference: string | null;
  status: CheckoutStatus;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  /** The merchant's labels (POST /checkouts `metadata`), {} when none. */
  metadata: Record<string, string>;
}

export interface OrderRecord {
  orderId: string;
  checkoutId: string;
  merchantOrderId: string;
  provider: ProviderId;
  amount: string;
  currency: string;
  providerReference: string | null;
  providerTransactionId: string | null;
  createdAt: string;
}

export interface InboundEventRecord {
  id: string;
  provider: ProviderId;
  checkoutReference: string | null;
  providerReference: string | null;
  rawStatus: string;
  kind: OutcomeKind;
  eventId: string;
  reason: InboundEventReason;
  payload: unknown;
  receivedAt: string;
}

export interface ClaimRecordedEventsInput {
  provider: ProviderId;
  /** The reference the claiming checkout just learned (its provider session's id). */
  providerReference: string;
  checkoutId: string;
}

/** An event recorded for an unknown checkout, now claimed by one; `payload` as recorded. */
export interface ClaimedInboundEvent {
  eventId: string;
  payload: unknown;
  receivedAt: string;
}

export interface PaymentOperationInput {
  /** The payment workflow's id of this movement; recorded once. */
  operationId: string;
  checkoutId: string;
  kind: 'capture' | 'refund' | 'void' | 'providerRefund' | 'shipment';
  /** decimal string; absent for a void or a shipment without capture */
  amount?: string;
  currency: string;
  provider: ProviderId;
  /** The provider's id of the capture or refund, or the provider event's id. */
  providerOperationId?: string;
  payload?: unknown;
}

export interface PaymentOperationRecord {
  operationId: string;
  checkoutId: string;
  kind: PaymentOperationInput['kind'];
  amount: string | null;
  currency: string;
  provider: ProviderId;
  providerOperationId: string | null;
  payload: unknown;
  recordedAt: string;
}

/** A verified payment that reached a cancelled checkout, and what became of it. */
export interface PaidAfterCancelInput {
  checkoutId: string;
  provider: ProviderId;
  /** The provider event's stable id; (provider, eventId) is recorded once. */
  eventId: string;
  /** decimal string, as the provider reported it (else the checkout's) */
  amount?: string;
  currency?: string;
  action: {
    kind: 'voided' | 'cancelledAtProvider' | 'refundAtProvider';
    /** The provider's id for ops to quote: transaction, order or session. */
    reference: string;
    detail?: string;
  };
}

export interface PaidAfterCancelRecord {
  checkoutId: string;
  provider: ProviderId;
  eventId: string;
  amount: string | null;
  currency: string | null;
  action: PaidAfterCancelInput['action'];
  recordedAt: string;
}

export interface OrderStore extends MerchantEventStore {
  /** Which database is behind the store. */
  readonly kind: 'pg' | 'pglite';
  /** Newest first, one page at a time (checkout-list.ts). */
  listCheckouts(query: CheckoutListQuery): Promise<CheckoutListPage>;
  /** Claims an Idempotency-Key for a request, or says what it was claimed for (idempotency-keys.ts). */
  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyClaimResult>;
  /** Keeps the answer given under a claimed key; the first answer kept stands. */
  saveIdempotentAnswer(claim: IdempotencyClaim, answer: IdempotentAnswer): Promise<void>;
  /**
   * Saves the "cart" before the provider is called; a repeat changes nothing. `status`
   * is the row's status after the call: anything but 'open' means the checkout already
   * ended, and no provider session may be opened for it.
   */
  recordCheckout(input: RecordCheckoutInput): Promise<{ created: boolean; status: CheckoutStatus }>;
  /** Remembers the provider's id of the session; false when the checkout is unknown. */
  setProviderReference(checkoutId: string, providerReference: string): Promise<{ updated: boolean }>;
  /** Promotes the checkout into exactly one order, unless it was cancelled. */
  completeOrder(input: CompleteOrderInput): Promise<CompleteOrderResult>;
  /** Closes the checkout without an order, unless it was completed. */
  cancelOrder(input: CancelOrderInput): Promise<CancelOrderResult>;
  /** Records an event for a closed or unknown checkout; false for a redelivery. */
  recordInboundEvent(input: InboundEventInput): Promise<{ recorded: boolean }>;
  getCheckout(checkoutId: string): Promise<CheckoutRecord | undefined>;
  getOrderByCheckout(checkoutId: string): Promise<OrderRecord | undefined>;
  listOrdersForMerchantOrder(merchantOrderId: string): Promise<OrderRecord[]>;
  /** Every attempt (checkout row) of one merchant order, oldest first. */
  listCheckoutsForMerchantOrder(merchantOrderId: string): Promise<CheckoutRecord[]>;
  /** All orders, or the orders of one checkout (0 or 1). */
  countOrders(checkoutId?: string): Promise<number>;
  /** Oldest first. */
  listInboundEvents(): Promise<InboundEventRecord[]>;
  /**
   * Marks the unclaimed events recorded for an unknown checkout that name this provider
   * reference as this checkout's, and returns them (oldest first), with those it claimed before.
   */
  claimRecordedEvents(input: ClaimRecordedEventsInput): Promise<ClaimedInboundEvent[]>;
  /**
   * Claims one event recorded for an unknown checkout for the open checkout whose stored
   * provider reference it names; `checkoutId` undefined when there is none (or another has it).
   */
  claimRecordedEventForCheckout(input: {
    provider: ProviderId;
    providerReference: string;
    eventId: string;
  }): Promise<{ checkoutId?: string }>;
  /** A money movement after the order; false when this operation id was recorded already. */
  recordPaymentOperation(input: PaymentOperationInput): Promise<{ recorded: boolean }>;
  /** One checkout's money movements, oldest first. */
  listPaymentOperations(checkoutId: string): Promise<PaymentOperationRecord[]>;
  /** A payment after cancel; false when this provider event was recorded already. */
  recordPaidAfterCancel(input: PaidAfterCancelInput): Promise<{ recorded: boolean }>;
  /** One checkout's payments after cancel, oldest first. */
  listPaidAfterCancel(checkoutId: string): Promise<PaidAfterCancelRecord[]>;
  /**
   * postgres://… of the loopback socket this process serves its embedded PGlite on
   * (ORDER_STORE_SOCKET_PORT), for the gateway's reads; undefined when not serving.
   */
  readonly socketUrl?: string;
  close(): Promise<void>;
}
