// What the WiPay simulator remembers, shared by its API and control routes.
import type { WipayCountryCode, WipayFeeStructure } from '../../providers/wipay/config';
import type { FaultPlan, NextDeliveryShaping } from '../control';
import type { SimulatedBrowser } from './browser';

export interface WipaySimulatorOptions {
  /** Public URL where the simulator's app is mounted, e.g. http://127.0.0.1:4000/wipay. */
  baseUrl: string;
  accountNumber: string;
  /** The merchant's API key: the simulator signs result hashes with it. */
  apiKey: string;
  /** The merchant's WAPI key (X-WAPI-Key); absent: every WAPI call is 401. */
  wapiKey?: string;
  /** The environment the merchant's requests must name (default sandbox). */
  environment?: 'live' | 'sandbox';
  /** Clock for session expiry and result dates; tests move it. */
  now?: () => Date;
}

/** `pending` until the customer pays or fails; after expiry nobody can pay any more. */
export type SessionState = 'pending' | 'success' | 'failed' | 'error' | 'abandoned';

export interface SimulatedSession {
  transactionId: string;
  orderId: string;
  /** The requested total exactly as the merchant sent it (2 decimals): the hash covers it. */
  total: string;
  /** What the customer is debited: the total plus the fee fee_structure puts on them. */
  finalTotal: string;
  feeStructure: WipayFeeStructure;
  countryCode: WipayCountryCode;
  currency: string;
  /** The request's `data`, passed through to the result. */
  data?: string;
  responseUrl: string;
  avs: boolean;
  state: SessionState;
  createdAt: Date;
  expiresAt: Date;
  customerEmail?: string;
  customerName?: string;
  /** The response_url with its result query, once the customer finished. */
  resultUrl?: string;
  /** The WAPI refund request for this transaction (at most one [doc]). */
  refundRequest?: { at: string; total: string };
}

export interface SimulatorContext {
  options: WipaySimulatorOptions;
  now: () => Date;
  sessions: Map<string, SimulatedSession>;
  browser: SimulatedBrowser;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
  /** Keeps transaction ids unique when one order_id is requested twice in a second. */
  sequence: { next: number };
}

/** Sessions last 3 minutes, 5 with AVS (seed). */
export const SESSION_MS = 3 * 60_000;
export const AVS_SESSION_MS = 5 * 60_000;

export function isExpired(ctx: SimulatorContext, session: SimulatedSession): boolean {
  return ctx.now().getTime() > session.expiresAt.getTime();
}

/**
 * WiPay-looking transaction ids, after the documented example
 * `SB-12-1-oid_123-20210616024001`: prefix, two numbers, the order_id, a timestamp.
 */
export function transactionIdFor(ctx: SimulatorContext, orderId: string): string {
  const stamp = ctx.now().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  ctx.sequence.next += 1;
  return `SB-${ctx.sequence.next}-1-${orderId}-${stamp}`;
}

/** The result's `date`: `YYYY-MM-DD HH:MM:SS`. */
export function wipayDate(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

/** The trimmed form some redirects show: "1344.00" → "1344", "12.50" → "12.5". */
export function trimTotal(total: string): string {
  return total.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
}

/** The validation error body [?]: a message plus per-field reasons. */
export function wipayError(message: string, errors: Record<string, string[]> = {}) {
  return { message, errors };
}
