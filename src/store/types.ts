// The order store's public vocabulary. Amounts are decimal strings ("19.99") in and
// out; timestamps are ISO-8601 strings. Every write is keyed by the checkout id and is
// safe to repeat, so an activity can retry it after a crash at any line.
import type { OutcomeKind, ProviderId } from '../../workflows/domain';

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

export type RecordCheckoutInput = CheckoutIdentity;

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

export interface OrderStore {
  /** Which database is behind the store. */
  readonly kind: 'pg' | 'pglite';
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
  /** A money movement after the order; false when this operation id was recorded already. */
  recordPaymentOperation(input: PaymentOperationInput): Promise<{ recorded: boolean }>;
  /** One checkout's money movements, oldest first. */
  listPaymentOperations(checkoutId: string): Promise<PaymentOperationRecord[]>;
  /**
   * postgres://… of the loopback socket this process serves its embedded PGlite on
   * (ORDER_STORE_SOCKET_PORT), for the gateway's reads; undefined when not serving.
   */
  readonly socketUrl?: string;
  close(): Promise<void>;
}
