// What the Affirm simulator remembers, shared by its API and control routes.
import { randomBytes } from 'node:crypto';
import type { FaultPlan, NextDeliveryShaping } from '../control';
import type { DeliveryRetryPolicy, WebhookDeliverer } from '../delivery';

export interface AffirmSimulatorOptions {
  /** Public URL where the simulator's app is mounted, e.g. http://127.0.0.1:4000/affirm. */
  baseUrl: string;
  publicKey: string;
  privateKey: string;
  /**
   * The status-visibility webhook URL agreed with Affirm; like Affirm's, it may carry
   * Basic credentials (`https://user:password@host/path`). Absent: no webhooks.
   */
  webhookUrl?: string;
  /** Affirm does not retry webhooks: one attempt unless a test asks otherwise. */
  retry?: DeliveryRetryPolicy;
  /** Clock for timestamps and checkout expiry; tests move it. */
  now?: () => Date;
}

export const NO_RETRY: DeliveryRetryPolicy = { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 };

/** Where a checkout is in Affirm's flow; each status-visibility event moves it. */
export type CheckoutState =
  | 'created'
  | 'approved'
  | 'more_information_needed'
  | 'not_approved'
  | 'confirmed'
  | 'abandoned'
  | 'authorized';

export interface SimulatedCheckout {
  /** Affirm's checkout_id, which is also the checkout_token the confirmation carries. */
  id: string;
  orderId?: string;
  total: number;
  currency: string;
  confirmationUrl: string;
  confirmationAction: 'GET' | 'POST';
  cancelUrl: string;
  state: CheckoutState;
  /** Affirm's `created` field: when the checkout was made, in Affirm's timestamp format. */
  created: string;
  expiresAt?: Date;
  /** Every webhook event sent, in order. */
  events: string[];
  transactionId?: string;
}

/** Affirm's transaction statuses as the transaction object reports them [doc]. */
export type TransactionStatus =
  | 'authorized'
  | 'partially_captured'
  | 'captured'
  | 'partially_refunded'
  | 'refunded'
  | 'voided';

/** One entry of a transaction's `events` list: auth, capture, refund, update or void [doc]. */
export interface TransactionEvent {
  id: string;
  type: 'auth' | 'capture' | 'refund' | 'update' | 'void';
  /** cents; absent on update */
  amount?: number;
  created: string;
  order_id?: string;
  shipping_carrier?: string;
  shipping_confirmation?: string;
}

/** The simulator's ledger for one transaction, in cents: what the tests compare with ours. */
export interface SimulatedTransaction {
  id: string;
  checkoutId: string;
  orderId?: string;
  /** The authorized amount. */
  amount: number;
  captured: number;
  refunded: number;
  currency: string;
  status: TransactionStatus;
  created: string;
  /** Captures are refused after this instant (30 days after the authorization [doc]). */
  authorizationExpiresAt: Date;
  events: TransactionEvent[];
}

export interface StoredReply {
  status: number;
  body: unknown;
}

export interface SimulatorContext {
  options: AffirmSimulatorOptions;
  now: () => Date;
  checkouts: Map<string, SimulatedCheckout>;
  transactions: Map<string, SimulatedTransaction>;
  /** Replies by Idempotency-Key: a repeated key gets the first reply again. */
  idempotent: Map<string, StoredReply>;
  deliverer: WebhookDeliverer;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

/** Affirm's error body shape. */
export function affirmError(statusCode: number, type: string, code: string, message: string, field?: string) {
  return { status_code: statusCode, type, code, message, ...(field ? { field } : {}) };
}

export function defaultErrorBody(status: number) {
  return status >= 500
    ? affirmError(status, 'server_error', 'internal-server-error', 'Internal server error')
    : affirmError(status, 'invalid_request', 'sandbox-fault', 'Refused by the sandbox');
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Affirm-looking ids: 16 upper-case letters and digits, like the seed's XVCZEXIR8NSJC5GK. */
export function affirmId(length = 16): string {
  return [...randomBytes(length)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/** Affirm's webhook timestamps: `YYYY-MM-DDTHH:MM:SS.ffffff`, UTC, no zone designator. */
export function affirmTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 23)}000`;
}

export function isExpired(ctx: SimulatorContext, checkout: SimulatedCheckout): boolean {
  return checkout.expiresAt !== undefined && ctx.now().getTime() > checkout.expiresAt.getTime();
}
