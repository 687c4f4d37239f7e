// A merchant backend's view of the product: the checkout API through the generated typed
// client (src/client), and the sandbox's customer actions. Used by `npm run demo` and the
// end-to-end tests.
import type { ProviderId } from '../../workflows/domain';
import { createCheckoutApi } from '../client';
import type { CheckoutApi, Checkout, CheckoutSummary, CreateCheckoutRequest } from '../client';
import type { ApiResult, CaptureAnswer, PaymentSummary, RefundAnswer } from './payment-answers';
import {
  bodyOf,
  captureAnswerSchema,
  checkoutPaymentSchema,
  parseAnswer,
  refundAnswerSchema,
} from './payment-answers';

/** GET /checkouts/:id as the typed client reads it. */
export type CheckoutAnswer = Checkout;

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

/** An answer: `body` is the typed success body on 2xx, the API's error body otherwise. */
export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/** The simulators' control API is not ours to type: plain fetch, JSON read back. */
async function call<T>(url: string, init: RequestInit): Promise<HttpAnswer<T>> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

function answerOf<T>(result: { data?: T; error?: unknown; response: Response }): HttpAnswer<T> {
  return { status: result.response.status, body: (result.data ?? result.error) as T };
}

export class MerchantClient {
  /** The generated client (src/client): every call below goes through it. */
  readonly api: CheckoutApi;

  constructor(apiUrl: string, apiKey: string) {
    this.api = createCheckoutApi({ baseUrl: apiUrl, apiKey });
  }

  async createCheckout(
    body: CreateCheckoutRequest,
    idempotencyKey?: string,
  ): Promise<HttpAnswer<CheckoutSummary>> {
    const headers = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
    return answerOf(await this.api.POST('/checkouts', { body, params: { header: headers } }));
  }

  async getCheckout(checkoutId: string): Promise<HttpAnswer<CheckoutAnswer>> {
    return answerOf(await this.api.GET('/checkouts/{checkoutId}', { params: { path: { checkoutId } } }));
  }

  async cancelCheckout(checkoutId: string): Promise<HttpAnswer<unknown>> {
    return answerOf(
      await this.api.POST('/checkouts/{checkoutId}/cancel', { params: { path: { checkoutId } } }),
    );
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

  private async postMoney(
    checkoutId: string,
    operation: 'captures' | 'refunds',
    body: CaptureBody | RefundBody,
    idempotencyKey: string,
  ): Promise<HttpAnswer<unknown>> {
    const params = { path: { checkoutId }, header: { 'idempotency-key': idempotencyKey } };
    return operation === 'captures'
      ? answerOf(await this.api.POST('/checkouts/{checkoutId}/captures', { params, body }))
      : answerOf(
          await this.api.POST('/checkouts/{checkoutId}/refunds', { params, body: body as RefundBody }),
        );
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
  providerReference: string | null,
  action: string,
  body: Record<string, unknown> = {},
): Promise<HttpAnswer<unknown>> {
  if (providerReference === null) throw new Error('the checkout has no provider session to act on');
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
): CreateCheckoutRequest {
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
