// A merchant backend's view of the product: the checkout API over HTTP, and the
// sandbox's customer actions. Used by `npm run demo` and the end-to-end tests.
import type { ProviderId } from '../../workflows/domain';
import type { ApiResult, CaptureAnswer, PaymentSummary, RefundAnswer } from './payment-answers';
import {
  bodyOf,
  captureAnswerSchema,
  checkoutPaymentSchema,
  parseAnswer,
  refundAnswerSchema,
} from './payment-answers';

export interface CheckoutAnswer {
  checkoutId: string;
  orderId: string;
  provider: ProviderId;
  status: string;
  redirectUrl: string;
  providerReference: string;
  reason?: string | null;
  order?: { orderId: string } | null;
  events?: { received: number; duplicates: number; afterDecision: number };
  polls?: number;
  /** The order's money once it completed (read it typed with MerchantClient.getPayment). */
  payment?: unknown;
}

export interface CaptureBody {
  /** decimal string; absent = everything still capturable */
  amount?: string;
  shipping?: { carrier: string; trackingNumber: string };
}

export interface RefundBody {
  /** decimal string */
  amount: string;
  reason?: string;
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

async function call<T>(url: string, init: RequestInit): Promise<HttpAnswer<T>> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export class MerchantClient {
  constructor(
    private readonly apiUrl: string,
    private readonly apiKey: string,
  ) {}

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' };
  }

  createCheckout(body: Record<string, unknown>): Promise<HttpAnswer<CheckoutAnswer>> {
    return call(`${this.apiUrl}/checkouts`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify(body),
    });
  }

  getCheckout(checkoutId: string): Promise<HttpAnswer<CheckoutAnswer>> {
    return call(`${this.apiUrl}/checkouts/${encodeURIComponent(checkoutId)}`, { headers: this.headers() });
  }

  cancelCheckout(checkoutId: string): Promise<HttpAnswer<unknown>> {
    return call(`${this.apiUrl}/checkouts/${encodeURIComponent(checkoutId)}/cancel`, {
      method: 'POST',
      headers: this.headers(),
    });
  }

  /** POST /checkouts/:id/captures; a repeat with the same key answers the first capture again. */
  async capture(
    checkoutId: string,
    body: CaptureBody,
    idempotencyKey: string,
  ): Promise<ApiResult<CaptureAnswer>> {
    const answer = await this.postMoney(checkoutId, 'captures', body, idempotencyKey);
    return parseAnswer('POST captures', answer.status, answer.body, captureAnswerSchema);
  }

  /** POST /checkouts/:id/refunds; never more than was captured. */
  async refund(
    checkoutId: string,
    body: RefundBody,
    idempotencyKey: string,
  ): Promise<ApiResult<RefundAnswer>> {
    const answer = await this.postMoney(checkoutId, 'refunds', body, idempotencyKey);
    return parseAnswer('POST refunds', answer.status, answer.body, refundAnswerSchema);
  }

  /**
   * GET /checkouts/:id, its `payment` block: the authorized, captured and refunded totals;
   * undefined while the checkout has none (not completed, or its payment not started yet).
   */
  async getPayment(checkoutId: string): Promise<ApiResult<PaymentSummary | undefined>> {
    const answer = await this.getCheckout(checkoutId);
    const parsed = parseAnswer('GET checkout', answer.status, answer.body, checkoutPaymentSchema);
    return parsed.ok ? { ...parsed, body: parsed.body.payment ?? undefined } : parsed;
  }

  /** Polls until GET shows the payment: its workflow starts as the checkout completes (bounded). */
  async waitForPayment(checkoutId: string, timeoutMs: number): Promise<PaymentSummary> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const payment = bodyOf('GET /checkouts/:id', await this.getPayment(checkoutId));
      if (payment) return payment;
      if (Date.now() > deadline) throw new Error(`${checkoutId} showed no payment in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private postMoney(
    checkoutId: string,
    operation: 'captures' | 'refunds',
    body: CaptureBody | RefundBody,
    idempotencyKey: string,
  ): Promise<HttpAnswer<unknown>> {
    return call(`${this.apiUrl}/checkouts/${encodeURIComponent(checkoutId)}/${operation}`, {
      method: 'POST',
      headers: { ...this.headers(), 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
  }

  /** Polls GET /checkouts/:id until the status is one of `statuses` (bounded). */
  async waitForStatus(checkoutId: string, statuses: string[], timeoutMs: number): Promise<CheckoutAnswer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.getCheckout(checkoutId);
      if (answer.status === 200 && statuses.includes(answer.body.status)) return answer.body;
      if (Date.now() > deadline) {
        throw new Error(
          `${checkoutId} did not reach ${statuses.join('|')} in ${timeoutMs} ms (last: ${answer.body?.status})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The sandbox customer: `POST {sandbox}/{provider}/_sandbox/sessions/{reference}/{action}`. */
export async function actAsCustomer(
  sandboxUrl: string,
  provider: ProviderId,
  providerReference: string,
  action: string,
  body: Record<string, unknown> = {},
): Promise<HttpAnswer<unknown>> {
  return call(
    `${sandboxUrl}/${provider}/_sandbox/sessions/${encodeURIComponent(providerReference)}/${action}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
  );
}

/** What "the customer pays" means at each simulator; the browser-redirect providers follow it. */
export const APPROVE_BODY: Record<ProviderId, Record<string, unknown>> = {
  wegetfinancing: {},
  iwocapay: {},
  affirm: { followRedirect: true },
  wipay: { followRedirect: true },
  ecomtrade24: {},
};

/** A currency each provider takes (iwocaPay is GBP-only; WiPay is Caribbean). */
const SAMPLE_CURRENCY: Record<ProviderId, string> = {
  wegetfinancing: 'USD',
  iwocapay: 'GBP',
  affirm: 'USD',
  wipay: 'TTD',
  ecomtrade24: 'USD',
};

/** A checkout request body that every provider accepts. */
export function sampleCheckoutRequest(
  provider: ProviderId,
  orderId: string,
  amount = '49.95',
): Record<string, unknown> {
  return {
    orderId,
    provider,
    amount,
    currency: SAMPLE_CURRENCY[provider],
    customer: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+15125550100',
      billingAddress: { street1: '1 Main St', city: 'Austin', state: 'TX', zipcode: '78701', country: 'US' },
    },
    items: [{ sku: 'SKU-1', name: 'Analytical engine', unitPrice: amount, quantity: 1 }],
    returnUrl: 'https://shop.example/checkout/return',
    cancelUrl: 'https://shop.example/checkout/cancel',
  };
}
