// Outbound merchant events: what the checkout and payment workflows emit, what the
// delivery workflow, its activities, the store and the gateway share. One delivery
// workflow per event id, so an event is one event however often it is published.
import { defineSignal } from '@temporalio/workflow';

export const MERCHANT_EVENT_TYPES = [
  'checkout.completed',
  'checkout.cancelled',
  'checkout.timedOut',
  'checkout.needsAttention',
  'payment.captured',
  'payment.refunded',
  'payment.voided',
  'payment.authorizationExpiring',
] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

export const MERCHANT_EVENT_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type MerchantEventStatus = (typeof MERCHANT_EVENT_STATUSES)[number];

/**
 * The attention reason a failed delivery raises; a failed delivery of such an event
 * raises nothing more (the chain ends there).
 */
export const DELIVERY_EXHAUSTED = 'deliveryExhausted';

/**
 * How patient a delivery is, in milliseconds. The default follows Stripe: retried with
 * exponential backoff (and, as Standard Webhooks recommends, some jitter) for three days,
 * then the event is failed.
 */
export interface DeliverySchedule {
  firstRetryMs: number;
  maxRetryMs: number;
  giveUpAfterMs: number;
  /** One HTTP attempt's time limit. */
  attemptTimeoutMs: number;
}

export const DEFAULT_DELIVERY_SCHEDULE: DeliverySchedule = {
  firstRetryMs: 5_000,
  maxRetryMs: 60 * 60_000,
  giveUpAfterMs: 3 * 24 * 60 * 60_000,
  // The Standard Webhooks spec recommends 15 to 30 s for the merchant to answer.
  attemptTimeoutMs: 15_000,
};

export interface DeliveryInput {
  eventId: string;
  checkoutId: string;
  type: MerchantEventType;
  schedule?: Partial<DeliverySchedule>;
  /**
   * Whether a failed delivery publishes checkout.needsAttention. False for that notice
   * itself (the chain ends there) and for an explicit redelivery (its first failure
   * raised it already).
   */
  raisesAttention: boolean;
}

export interface DeliveryOutcome {
  eventId: string;
  status: Exclude<MerchantEventStatus, 'pending'>;
  attempts: number;
  /** The workflow's clock at the first attempt and at the outcome. */
  startedAt: string;
  endedAt: string;
}

/** One HTTP attempt as the delivery workflow sees it (the store keeps the details). */
export interface AttemptResult {
  delivered: boolean;
  statusCode?: number;
  errorClass?: string;
}

/** What a checkout or payment workflow asks to publish; the activity adds the data. */
export interface PublishMerchantEventInput {
  checkoutId: string;
  type: MerchantEventType;
  /**
   * What makes this event one of a kind for its checkout; the event id is derived from
   * (checkoutId, type, occurrence), so a retry or a replay publishes the same event.
   */
  occurrence: string;
  /** The checkout as the workflow holds it now (checkout events). */
  checkout?: unknown;
  /** The payment as the workflow holds it now (payment events). */
  payment?: unknown;
  /** checkout.needsAttention: why (the attention entry, or the delivery that failed). */
  attention?: unknown;
}

/** Wakes a delivery that waits for its next attempt: the redeliver button while it still retries. */
export const deliverNowSignal = defineSignal<[]>('deliverNow');

export function merchantEventWorkflowId(eventId: string): string {
  return `merchant-event-${eventId}`;
}
