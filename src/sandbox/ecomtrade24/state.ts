// What the Ecomtrade24 simulator remembers, shared by its API and control routes.
import type { FaultPlan, NextDeliveryShaping } from '../control';
import type { DeliveryRetryPolicy, WebhookDeliverer } from '../delivery';

export type SignatureHeader = 'X-Signature' | 'X-Ecomtrade24-Signature' | 'X-Webhook-Signature';

export interface Ecomtrade24SimulatorOptions {
  /** Public URL where the simulator's app is mounted, e.g. http://127.0.0.1:4000/ecomtrade24. */
  baseUrl: string;
  apiKey: string;
  webhookSecret: string;
  /** The merchant's approved domain; session requests must name it exactly. */
  domain: string;
  /** `hosted_checkout` (Free/Starter) or a smart-routing mode (Pro/Unlimited). */
  integrationMode?: string;
  methods?: string[];
  /** The webhook URL set in the merchant dashboard. */
  webhookUrl?: string;
  signatureHeader?: SignatureHeader;
  /** Send `sha256=<hex>` instead of bare hex. */
  signaturePrefix?: boolean;
  sessionTtlSeconds?: number;
  /**
   * How `expires_at` is written: the docs' "YYYY-MM-DD HH:MM:SS" in UTC (default) or
   * ISO 8601 with a zone, as PHP's DATE_ATOM prints it ("2025-01-01T12:30:00+00:00").
   */
  expiresAtForm?: ExpiresAtForm;
  retry?: DeliveryRetryPolicy;
  now?: () => Date;
}

export type ExpiresAtForm = 'Y-m-d H:i:s' | 'iso8601';

export type SessionStatus = 'pending' | 'paid' | 'failed' | 'expired' | 'cancelled' | 'declined';

export interface SimulatedSession {
  sessionId: string;
  orderId: string;
  /** The amount string exactly as sent, e.g. "49.95". */
  amount: string;
  currency: string;
  method?: string;
  returnUrl?: string;
  cancelUrl?: string;
  state: SessionStatus;
  createdAt: string;
  /** ISO instant; a pending session read after it reads as expired. */
  expiresAt: string;
  webhooks: SessionStatus[];
}

export interface SimulatorContext {
  options: Ecomtrade24SimulatorOptions;
  now: () => Date;
  sessions: Map<string, SimulatedSession>;
  deliverer: WebhookDeliverer;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

export function errorBody(error: string, message?: string) {
  return message === undefined ? { ok: false, error } : { ok: false, error, message };
}

/** `expires_at` as the simulator is set to write it (UTC either way). */
export function providerTime(date: Date, form: ExpiresAtForm = 'Y-m-d H:i:s'): string {
  const seconds = date.toISOString().slice(0, 19);
  return form === 'iso8601' ? `${seconds}+00:00` : seconds.replace('T', ' ');
}
