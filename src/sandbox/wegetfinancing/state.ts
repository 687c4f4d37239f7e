// What the WeGetFinancing simulator remembers, shared by its API and control routes.
import type { DeliveryRetryPolicy, WebhookDeliverer } from '../delivery';
import type { FaultPlan, NextDeliveryShaping } from '../control';

export interface WeGetFinancingSimulatorOptions {
  /** Public URL where the simulator's app is mounted, e.g. http://127.0.0.1:4000/wegetfinancing. */
  baseUrl: string;
  merchantId: string;
  username: string;
  password: string;
  /** The postback URL set in the merchant portal; a request's own postback_url wins. */
  postbackUrl?: string;
  /**
   * Which documented create answer to give: the API reference's `{inv_id, href, amount}`
   * (default) or the integration guide's `{href, request_token}`.
   */
  createAnswer?: Exclude<CreateAnswerShape, 'garbled'>;
  retry?: DeliveryRetryPolicy;
  /** Clock for postback timestamps; tests may pin it. */
  now?: () => Date;
}

/** `garbled`: the request is created, but the 200 answer is not JSON (see ./answers). */
export type CreateAnswerShape = 'inv_id' | 'request_token' | 'garbled';

/** `pending`: application open; `abandoned`: lightbox closed, may still be finished later. */
export type SimulatedRequestState =
  | 'pending'
  | 'abandoned'
  | 'preapproved'
  | 'approved'
  | 'rejected'
  | 'refund';

export interface SimulatedRequest {
  invId: string;
  merchantTransactionId?: string;
  amount: string;
  postbackUrl?: string;
  state: SimulatedRequestState;
  createdAt: string;
  /** Every postback status sent, in order. */
  postbacks: string[];
  /** Shipping statuses the merchant reported (v3 shipping_status), in order. */
  shipments?: RecordedShipment[];
}

export interface RecordedShipment {
  shipping_status: string;
  tracking_id: string;
  tracking_company: string;
  delivery_date: string;
  at: string;
}

export interface SimulatorContext {
  options: WeGetFinancingSimulatorOptions;
  now: () => Date;
  requests: Map<string, SimulatedRequest>;
  deliverer: WebhookDeliverer;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
  /** Answer shapes queued through the control API for the next creates. */
  createAnswers: CreateAnswerShape[];
}

/** The documented error body: {type, error, message, code, stamp, subjects, reasons}. */
export function errorBody(
  ctx: SimulatorContext,
  code: number,
  error: string,
  message: string,
  reasons: Record<string, string> = {},
) {
  return {
    type: 'error',
    error,
    message,
    code,
    stamp: ctx.now().toISOString(),
    subjects: Object.keys(reasons),
    reasons,
  };
}
