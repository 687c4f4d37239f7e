// The one interface every provider adapter implements. The workflow's activities and
// the gateway talk to providers only through it; provider differences stay inside
// each adapter folder.
import type { ProviderEvent, ProviderId } from '../../workflows/domain';

export interface Address {
  street1: string;
  city: string;
  state: string;
  zipcode: string;
  country: string;
}

export interface Customer {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  billingAddress?: Address;
  shippingAddress?: Address;
}

export interface LineItem {
  sku: string;
  name: string;
  /** decimal string */
  unitPrice: string;
  quantity: number;
  /** decimal string */
  unitTax?: string;
}

export interface CheckoutOptions {
  /** WiPay: address verification, which lengthens the session to 5 minutes. */
  avs?: boolean;
  /** Ecomtrade24 smart routing: the payment method the buyer chose. */
  method?: string;
  /** iwocaPay: PAY_NOW and/or PAY_LATER. */
  allowedPaymentTerms?: Array<'PAY_NOW' | 'PAY_LATER'>;
}

/** Everything an adapter needs to open a hosted session for one checkout attempt. */
export interface CreateSessionInput {
  /** Our id of this attempt; sent to the provider as its merchant reference wherever it has one. */
  checkoutId: string;
  merchantOrderId: string;
  /** decimal string, e.g. "49.95" */
  amount: string;
  currency: string;
  customer: Customer;
  items?: LineItem[];
  shippingAmount?: string;
  taxAmount?: string;
  /** Where the customer's browser goes after success / cancel (the merchant's pages). */
  returnUrl: string;
  cancelUrl: string;
  options?: CheckoutOptions;
  /** Our own receiver URLs for this provider, built from PUBLIC_BASE_URL. */
  callbacks: ProviderCallbackUrls;
}

export interface ProviderCallbackUrls {
  /** Server-to-server webhook / postback receiver. */
  webhookUrl: string;
  /** Browser return to us (WiPay response_url, Affirm user_confirmation_url). */
  redirectUrl: string;
}

export interface ProviderSession {
  providerReference: string;
  redirectUrl: string;
  /** ISO-8601, when the provider says the session expires. */
  expiresAt?: string;
  /** What the provider says the session is for (decimal string), when its answer says. */
  amount?: string;
  currency?: string;
}

/** A read of the provider's status API, already mapped. */
export interface StatusReading {
  providerReference: string;
  rawStatus: string;
  kind: ProviderEvent['kind'];
  /** decimal string, as the provider reports it */
  amount?: string;
  currency?: string;
  /** Authorize-first providers: the token a read found confirmed (Affirm: the checkout id). */
  authorizationToken?: string;
}

export interface AuthorizeInput {
  checkoutToken: string;
  checkoutId: string;
  idempotencyKey: string;
}

export interface Authorization {
  transactionId: string;
  status: string;
  /** decimal string */
  amount: string;
  orderId?: string;
  /** The provider's id of the session the authorization came from (Affirm's checkout_id), when it says. */
  sessionReference?: string;
}

export interface VoidInput {
  transactionId: string;
  idempotencyKey: string;
}

/** After the order (payment lifecycle): amounts are decimal strings; every call carries an idempotency key. */
export interface CaptureInput {
  /** The provider's transaction (Affirm: the authorized transaction id). */
  transactionId: string;
  /** Our checkout id, sent where the provider takes a merchant reference. */
  checkoutId: string;
  amount: string;
  currency: string;
  idempotencyKey: string;
  shipping?: { carrier: string; trackingNumber: string };
}

export interface RefundInput {
  transactionId: string;
  checkoutId: string;
  amount: string;
  currency: string;
  idempotencyKey: string;
  reason?: string;
  /**
   * decimal string: everything captured so far. A provider that refunds only the whole
   * transaction (WiPay's refund request) refuses any other amount, and without this.
   */
  capturedTotal?: string;
}

export interface ShippingUpdateInput {
  /** The provider's session reference (WeGetFinancing inv_id) and transaction, whichever it needs. */
  providerReference?: string;
  transactionId?: string;
  checkoutId: string;
  carrier: string;
  trackingNumber: string;
  status: 'accepted' | 'partial' | 'dispatched' | 'delivered' | 'recalled';
  idempotencyKey: string;
}

/** What the provider answered to a capture or refund. */
export interface ProviderMoneyMovement {
  /** The provider's id of this capture or refund (its event or transaction id). */
  providerId: string;
  /** decimal string, as the provider reports it */
  amount: string;
}

/** Raw inbound HTTP, before anything is trusted. Header names are lower-case. */
export interface InboundRequest {
  method: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  query: Record<string, string | undefined>;
  receivedAt: Date;
  /**
   * Browser returns only: the checkout (and its requested amount) that our signed return
   * URL names, present only when the URL's binding signature checked out. Anything else
   * in the query is the browser's word.
   */
  boundCallback?: { checkoutId: string; amount?: string };
}

export type InboundChannel = 'webhook' | 'redirect';

export type InboundResult =
  | { type: 'event'; event: ProviderEvent }
  /** Unsigned or unverifiable notice (iwocaPay, Ecomtrade24): poll the status API, apply nothing. */
  | {
      type: 'pollHint';
      checkoutReference?: string;
      providerReference?: string;
      /** Why it is only a hint: no signature at all, or a signature that failed (answer 401). */
      reason?: PollHintReason;
    }
  /**
   * A browser return that carries nothing to apply (WiPay's failed or errored redirect,
   * which has no hash): signal nothing, send the customer to the bound checkout's cancelUrl.
   */
  | { type: 'browserReturn'; checkoutReference: string };

export type PollHintReason = 'unsigned' | 'badSignature';

export interface ProviderAdapter {
  readonly id: ProviderId;
  createSession(input: CreateSessionInput): Promise<ProviderSession>;
  /** Providers with a status API (iwocaPay, Ecomtrade24). */
  readStatus?(providerReference: string): Promise<StatusReading>;
  /** Providers with a cancel call for an open session (iwocaPay). */
  cancelSession?(providerReference: string): Promise<void>;
  /** Affirm: turn the confirmed checkout into an authorized transaction. */
  authorize?(input: AuthorizeInput): Promise<Authorization>;
  /** Affirm: release an authorization. */
  voidAuthorization?(input: VoidInput): Promise<void>;
  /** Providers with a capture step (Affirm): capture all or part of the authorization. */
  capture?(input: CaptureInput): Promise<ProviderMoneyMovement>;
  /** Providers with a refund call: refund all or part of what was captured. */
  refund?(input: RefundInput): Promise<ProviderMoneyMovement>;
  /** Shipping details or status to the provider (Affirm update, WeGetFinancing shipping status). */
  updateShipping?(input: ShippingUpdateInput): Promise<void>;
  /**
   * Verify (first) and parse (second) what the provider sent to one of our receivers.
   * Throws VerificationError when authentication fails and InboundParseError when the
   * verified content is malformed.
   */
  parseInbound(channel: InboundChannel, request: InboundRequest): InboundResult;
}
