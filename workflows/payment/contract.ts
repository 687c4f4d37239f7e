// The payment lifecycle's contract: what the payment workflow, the checkout workflow that
// starts it, the gateway and the tests share. One payment workflow per completed
// checkout holds the money after the order: authorized, captured, refunded, voided.
// Merchant requests reach it as Updates (validated before anything is written); the
// provider's own refund notices arrive as a signal.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProviderId } from '../domain';

/** How a completed checkout's money is captured: by the merchant's call, or at once. */
export const CAPTURE_MODES = ['manual', 'onComplete'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

export const SHIPMENT_STATUSES = ['accepted', 'partial', 'dispatched', 'delivered', 'recalled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export interface PaymentInput {
  checkoutId: string;
  merchantOrderId: string;
  provider: ProviderId;
  currency: string;
  /** decimal string: what the completed checkout authorized (or took, where there is no capture step). */
  amount: string;
  /** The provider's session reference (inv_id, order id, checkout id, transaction id, session id). */
  providerReference?: string;
  /** The provider's transaction to capture, refund or void (Affirm's authorized transaction). */
  transactionId?: string;
  /** ISO-8601 instant the order completed (the authorization was made). */
  completedAt: string;
  /** What the worker knew about the provider when the checkout completed; learned at start when absent. */
  setup?: PaymentSetup;
}

/** Which after-the-order calls the provider's adapter has, and how Affirm captures here. */
export interface PaymentSetup {
  capabilities: { capture: boolean; refund: boolean; void: boolean; updateShipping: boolean };
  /** Affirm only: capture at once (`AFFIRM_CAPTURE=onComplete`) or wait for the merchant. */
  captureMode: CaptureMode;
}

export const PAYMENT_STATUSES = [
  'authorized',
  'partiallyCaptured',
  'captured',
  'partiallyRefunded',
  'refunded',
  'voided',
  'expired',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface Shipping {
  carrier: string;
  trackingNumber: string;
}

export interface CaptureRecord {
  id: string;
  /** decimal string */
  amount: string;
  status: 'succeeded';
  at: string;
  shipping?: Shipping;
}

export interface RefundRecord {
  id: string;
  /** decimal string */
  amount: string;
  status: 'succeeded';
  at: string;
  reason?: string;
  /** merchant: through our API; provider: a refund the provider reported (e.g. a WeGetFinancing postback). */
  source: 'merchant' | 'provider';
  /** The provider's event id, for refunds the provider reported (deduplicates redeliveries). */
  eventId?: string;
}

export interface ShipmentRecord {
  id: string;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  at: string;
  /** The capture this shipment made, when it was sent with `capture: true`. */
  captureId?: string;
}

export interface PaymentAttention {
  kind:
    | 'authorizationExpiring'
    | 'authorizationExpired'
    | 'providerRefundOverCaptured'
    /** A capture, refund or void the provider could not be reached for: it may or may not have happened. */
    | 'providerOutcomeUnknown';
  at: string;
  detail: string;
}

export interface PaymentState {
  checkoutId: string;
  merchantOrderId: string;
  provider: ProviderId;
  currency: string;
  status: PaymentStatus;
  /** decimal strings */
  authorized: string;
  captured: string;
  refunded: string;
  voided: boolean;
  /** Affirm: the authorization expires 30 days after it was made. */
  authorizationExpiresAt?: string;
  captures: CaptureRecord[];
  refunds: RefundRecord[];
  shipments: ShipmentRecord[];
  attention: PaymentAttention[];
}

export interface CaptureRequest {
  /** decimal string; absent = everything still capturable */
  amount?: string;
  shipping?: Shipping;
}

export interface RefundRequest {
  /** decimal string */
  amount: string;
  reason?: string;
}

export interface ShipmentRequest extends Shipping {
  status?: ShipmentStatus;
  /** Also capture what the shipment covers (the amount, or everything still capturable). */
  capture?: boolean;
  amount?: string;
}

export interface ProviderRefundNotice {
  eventId: string;
  /** decimal string; absent = the provider did not say (taken as everything captured and not yet refunded) */
  amount?: string;
  occurredAt: string;
}

/**
 * Why a request was refused, as the ApplicationFailure type the update throws (its
 * validator throws before anything is written). The gateway maps each to a status.
 */
export const PAYMENT_REFUSALS = {
  /** 409: nothing can be done now (not capturable, voided, expired, fully captured or refunded). */
  conflict: 'PaymentConflict',
  /** 422: the amount is over what can be captured or refunded, or malformed. */
  invalidAmount: 'PaymentInvalidAmount',
  /** 422: the provider has no call for this. */
  notSupported: 'NotSupportedByProvider',
  /** 502: the provider refused or could not be reached after our retries. */
  providerFailed: 'PaymentProviderFailed',
} as const;

export const captureUpdate = defineUpdate<CaptureRecord, [CaptureRequest]>('capture');
export const refundUpdate = defineUpdate<RefundRecord, [RefundRequest]>('refund');
export const voidUpdate = defineUpdate<PaymentState, []>('void');
export const shipmentUpdate = defineUpdate<ShipmentRecord, [ShipmentRequest]>('shipment');
/** A refund the provider reported for this order (WeGetFinancing's `refund` postback). */
export const providerRefundSignal = defineSignal<[ProviderRefundNotice]>('providerRefund');
export const paymentStateQuery = defineQuery<PaymentState>('paymentState');

const PAYMENT_WORKFLOW_PREFIX = 'payment-';

export function paymentWorkflowId(checkoutId: string): string {
  return `${PAYMENT_WORKFLOW_PREFIX}${checkoutId}`;
}

export function checkoutIdFromPaymentWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(PAYMENT_WORKFLOW_PREFIX)
    ? workflowId.slice(PAYMENT_WORKFLOW_PREFIX.length)
    : undefined;
}
