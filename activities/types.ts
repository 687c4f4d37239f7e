// Every activity's named input and result. The workflow imports these as types only.
import type { ProviderEvent, ProviderId } from '../workflows/domain';
import type { CreateSessionInput, ProviderSession, StatusReading } from '../src/providers/types';

export interface CreateProviderSessionInput {
  provider: ProviderId;
  session: CreateSessionInput;
}
export type CreateProviderSessionResult = ProviderSession;

export interface ProviderSessionRef {
  provider: ProviderId;
  providerReference: string;
}

export type PollProviderStatusResult = StatusReading;

export interface WatchProviderStatusInput extends ProviderSessionRef {
  /** Reads this watch may make; the last one returns even when nothing changed (the TTL is near). */
  reads: number;
}

/** What ended a watch: a reading that may change something, or its last read (nothing changed). */
export interface WatchProviderStatusResult {
  reading: StatusReading;
  /** The attempt that read it: attempt 1 only arms the schedule, so `attempt - 1` reads were made. */
  attempt: number;
}

export interface SetProviderReferenceInput {
  checkoutId: string;
  providerReference: string;
}

export type { ClaimRecordedEventsInput } from '../src/store/types';

export interface ClaimRecordedEventsResult {
  /** Oldest first, each bounded as a signalled event is. */
  events: ProviderEvent[];
  /** Claimed rows whose payload no longer holds a valid event (left for ops). */
  unreadable: number;
}

export interface AuthorizeProviderTransactionInput {
  provider: ProviderId;
  checkoutId: string;
  /** The provider's confirmation token (Affirm's checkout_token). */
  checkoutToken: string;
  /** This checkout's session at the provider (Affirm's checkout_id): the authorization must come from it. */
  providerReference?: string;
  /** The checkout's amount: the authorization must be for exactly this much. */
  amount: string;
  idempotencyKey: string;
}

/**
 * authorized: the money is held for this checkout. mismatch: the provider authorized
 * something else (amount, order id or session); the workflow voids it and keeps waiting.
 */
export type AuthorizationVerdict =
  | { outcome: 'authorized'; transactionId: string; amount: string }
  | { outcome: 'mismatch'; transactionId: string; detail: string };

export interface VoidProviderAuthorizationInput {
  provider: ProviderId;
  transactionId: string;
  idempotencyKey: string;
}

/** After the order: one money movement, named by its operation id (stable across retries). */
export interface PaymentCallBase {
  provider: ProviderId;
  checkoutId: string;
  /** Unique per operation; the provider's Idempotency-Key is derived from it. */
  operationId: string;
}

export interface CapturePaymentInput extends PaymentCallBase {
  transactionId: string;
  amount: string;
  currency: string;
  shipping?: { carrier: string; trackingNumber: string };
}

export interface RefundPaymentInput extends PaymentCallBase {
  transactionId: string;
  amount: string;
  currency: string;
  reason?: string;
  /** decimal string: everything captured so far (WiPay refunds whole transactions only). */
  capturedTotal?: string;
}

export interface UpdatePaymentShippingInput extends PaymentCallBase {
  providerReference?: string;
  transactionId?: string;
  carrier: string;
  trackingNumber: string;
  status: 'accepted' | 'partial' | 'dispatched' | 'delivered' | 'recalled';
}

export type { PaymentSetup } from '../workflows/payment/contract';
