// The payment's book and the rules every money movement must pass: captured ≤ authorized,
// refunded ≤ captured, nothing after a void, nothing captured once the authorization
// lapsed. Pure functions over the state: the Update validators call them before anything
// is written, and the handlers call them again once it is their turn, so a request that
// was fine when it arrived but is not any more is still refused.
import { ApplicationFailure } from '@temporalio/workflow';
import type {
  PaymentSetup,
  PaymentState,
  PaymentStatus,
  ProviderRefundNotice,
  RefundRecord,
} from './contract';
import { PAYMENT_REFUSALS } from './contract';
import { decimalOf, minorOf } from '../money';
import type { PaymentPolicy } from './policies';

/** Which after-the-order calls the provider's adapter has; unknown until the setup is known. */
export type PaymentCapabilities = PaymentSetup['capabilities'];

export interface Book {
  state: PaymentState;
  policy: PaymentPolicy;
  capabilities?: PaymentCapabilities;
  /** The authorization lapsed: nothing more can be captured. */
  expired: boolean;
  /** Minor units accepted but not yet carried out: validators count them as spent. */
  pending: { capture: number; refund: number };
}

type Refusal = (typeof PAYMENT_REFUSALS)[keyof typeof PAYMENT_REFUSALS];

export function refuse(type: Refusal, message: string): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

export const minor = (amount: string): number => minorOf(amount) ?? 0;

function requireSupport(book: Book, call: keyof PaymentCapabilities, what: string): void {
  if (book.capabilities && !book.capabilities[call])
    refuse(PAYMENT_REFUSALS.notSupported, `${book.state.provider} has no ${what} call`);
}

/** A positive amount of at most 2 decimals, or a refusal. */
function parseAmount(amount: string, what: string): number {
  const value = minorOf(amount);
  if (value === undefined || value === 0)
    refuse(
      PAYMENT_REFUSALS.invalidAmount,
      `${what} amount must be a positive decimal with at most 2 decimals`,
    );
  return value;
}

/** Still capturable, in minor units (counting what is pending only when asked to). */
export function capturable(book: Book, countPending = true): number {
  const { state } = book;
  if (state.voided || book.expired) return 0;
  const pending = countPending ? book.pending.capture : 0;
  return minor(state.authorized) - minor(state.captured) - pending;
}

/** The amount to capture, in minor units; throws the refusal when it may not be captured. */
export function checkCapture(book: Book, amount: string | undefined, countPending = true): number {
  const { state } = book;
  if (state.voided) refuse(PAYMENT_REFUSALS.conflict, 'the authorization was voided');
  if (book.expired) refuse(PAYMENT_REFUSALS.conflict, 'the authorization expired');
  if (!book.policy.capturesLater || minor(state.captured) >= minor(state.authorized))
    refuse(PAYMENT_REFUSALS.conflict, 'the payment is fully captured');
  requireSupport(book, 'capture', 'capture');
  const left = capturable(book, countPending);
  if (amount === undefined) {
    if (left <= 0) refuse(PAYMENT_REFUSALS.conflict, 'the rest is being captured already');
    return left;
  }
  const value = parseAmount(amount, 'capture');
  if (value > left)
    refuse(
      PAYMENT_REFUSALS.invalidAmount,
      `capture amount is over the capturable ${decimalOf(Math.max(left, 0))}`,
    );
  return value;
}

/** The amount to refund, in minor units; throws the refusal when it may not be refunded. */
export function checkRefund(book: Book, amount: string, countPending = true): number {
  const { state } = book;
  if (state.voided) refuse(PAYMENT_REFUSALS.conflict, 'the authorization was voided');
  const refundable = minor(state.captured) - minor(state.refunded);
  if (refundable <= 0)
    refuse(
      PAYMENT_REFUSALS.conflict,
      minor(state.captured) === 0 ? 'nothing was captured' : 'the payment is fully refunded',
    );
  requireSupport(book, 'refund', 'refund');
  const value = parseAmount(amount, 'refund');
  const left = refundable - (countPending ? book.pending.refund : 0);
  if (value > left)
    refuse(
      PAYMENT_REFUSALS.invalidAmount,
      `refund amount is over the refundable ${decimalOf(Math.max(left, 0))}`,
    );
  return value;
}

/** A void releases an authorization nothing was captured from yet. */
export function checkVoid(book: Book, countPending = true): void {
  const { state } = book;
  if (state.voided) refuse(PAYMENT_REFUSALS.conflict, 'the authorization was voided already');
  if (!book.policy.capturesLater)
    refuse(PAYMENT_REFUSALS.notSupported, `${state.provider} takes the money at once: refund instead`);
  if (book.expired) refuse(PAYMENT_REFUSALS.conflict, 'the authorization expired');
  if (minor(state.captured) > 0 || (countPending && book.pending.capture > 0))
    refuse(PAYMENT_REFUSALS.conflict, 'money was captured: refund instead');
  requireSupport(book, 'void', 'void');
}

/** A shipment goes to the provider's shipping call, or (with capture) rides on the capture. */
export function checkShipment(book: Book, capture: boolean, amount?: string, countPending = true): number {
  if (book.state.voided) refuse(PAYMENT_REFUSALS.conflict, 'the authorization was voided');
  if (capture && book.policy.capturesLater) return checkCapture(book, amount, countPending);
  requireSupport(book, 'updateShipping', 'shipping');
  return 0;
}

export function statusOf(book: Book): PaymentStatus {
  const { state } = book;
  if (state.voided) return 'voided';
  const captured = minor(state.captured);
  const refunded = minor(state.refunded);
  if (refunded > 0) return refunded >= captured ? 'refunded' : 'partiallyRefunded';
  if (captured === 0) return book.expired ? 'expired' : 'authorized';
  return captured < minor(state.authorized) && !book.expired ? 'partiallyCaptured' : 'captured';
}

/** Nothing more can happen: voided, lapsed with nothing captured, or all captured money refunded. */
export function isFinished(book: Book): boolean {
  const { state } = book;
  if (state.voided) return true;
  const captured = minor(state.captured);
  if (captured === 0) return book.expired;
  return minor(state.refunded) >= captured && capturable(book, false) <= 0 && book.pending.capture === 0;
}

export function addCapture(book: Book, value: number): void {
  book.state.captured = decimalOf(minor(book.state.captured) + value);
  book.state.status = statusOf(book);
}

export function addRefund(book: Book, value: number): void {
  book.state.refunded = decimalOf(minor(book.state.refunded) + value);
  book.state.status = statusOf(book);
}

/**
 * A refund the provider reported: counted once per event id, never above what was
 * captured. Returns the record it added, or undefined for a redelivery; `over` is true
 * when the provider reported more than was left (listed for attention).
 */
export function providerRefund(
  book: Book,
  notice: ProviderRefundNotice,
  at: string,
): { record?: RefundRecord; over: boolean } {
  if (book.state.refunds.some((refund) => refund.eventId === notice.eventId)) return { over: false };
  const left = minor(book.state.captured) - minor(book.state.refunded);
  const reported = notice.amount === undefined ? left : minorOf(notice.amount);
  if (reported === undefined || reported <= 0 || left <= 0) return { over: reported !== 0 };
  const value = Math.min(reported, left);
  const record: RefundRecord = {
    id: `provider-${notice.eventId}`,
    amount: decimalOf(value),
    status: 'succeeded',
    at,
    source: 'provider',
    eventId: notice.eventId,
  };
  book.state.refunds = [...book.state.refunds, record];
  addRefund(book, value);
  return { record, over: reported > left };
}
