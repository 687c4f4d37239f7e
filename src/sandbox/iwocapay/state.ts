// What the iwocaPay simulator remembers, shared by its API and control routes.
import type { FaultPlan, NextDeliveryShaping } from '../control';
import type { DeliveryRetryPolicy, WebhookDeliverer } from '../delivery';

export type WebhookShape = 'current' | 'legacy';
/** The two cancel paths: the 2.x plugin's seller-scoped one, and the 1.x plugin's. */
export type CancelPath = 'current' | 'legacy';
/** How the next GET order answers are signed (see ./signing.ts). */
export type AnswerSigning = 'missing' | 'wrong';

export interface IwocaPaySimulatorOptions {
  /** Public URL where the simulator's app is mounted, e.g. http://127.0.0.1:4000/iwocapay. */
  baseUrl: string;
  supplierUuid: string;
  accessToken: string;
  sellerName?: string;
  /** `current`: signed {webhook_id, event_type, order_id uuid, …}; `legacy`: the seed's unsigned shape. */
  webhookShape?: WebhookShape;
  /**
   * Which DELETE paths cancel (default both): the plugin 2.x path was never exercised by
   * the plugin itself, so tests can model an iwocaPay that serves only one of them.
   */
  cancelPaths?: CancelPath[];
  retry?: DeliveryRetryPolicy;
  now?: () => Date;
  /**
   * The id of each new order (default: a random UUID). The docs do not bound its length,
   * so tests use this to answer ids longer than we can store.
   */
  newOrderId?: () => string | undefined;
}

export type OrderStatus = 'CREATED' | 'PENDING' | 'APPROVED' | 'SUCCESSFUL' | 'UNSUCCESSFUL';

export interface SimulatedOrder {
  id: string;
  /** The integer id the older webhook shape carries. */
  legacyId: number;
  payLinkId: string;
  /** 2-decimal string; goes on the wire as a JSON number like the real API. */
  amount: string;
  reference: string;
  allowedPaymentTerms: string[];
  webhookUrl?: string;
  redirectUrl?: string;
  /** The status is the session state the control API moves. */
  state: OrderStatus;
  createdAt: string;
  webhooks: OrderStatus[];
  /** Set when a DELETE closed the order, naming the path it came through. */
  cancelledVia?: CancelPath;
}

export interface SimulatorContext {
  options: IwocaPaySimulatorOptions;
  now: () => Date;
  orders: Map<string, SimulatedOrder>;
  deliverer: WebhookDeliverer;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
  signing: AnswerSigning[];
}

/** Error bodies in the Django REST style the API answers with [?]. */
export function errorBody(detail: string, errors?: Array<{ pointer?: string; detail: string }>) {
  return errors
    ? {
        detail,
        errors: errors.map((e) => ({
          detail: e.detail,
          ...(e.pointer && { source: { pointer: e.pointer } }),
        })),
      }
    : { detail };
}
