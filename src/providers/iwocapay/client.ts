// iwocaPay's ecommerce order API: create, read and cancel an order, Bearer-authenticated.
// The order's `reference` is our checkout id, so webhooks name the checkout directly.
import { InvalidAmountError, toJsonNumber } from '../../money';
import { ProviderError } from '../errors';
import { callProvider, joinUrl } from '../http';
import type { CreateSessionInput, ProviderSession, StatusReading } from '../types';
import type { IwocaPayConfig } from './config';
import { createOrderResponseSchema, errorBodySchema, orderStatusResponseSchema } from './schemas';
import { mapIwocaPayStatus } from './status';

export interface ClientOptions {
  timeoutMs?: number;
}

/** The request body; exported so tests can check the wire shape without a network. */
export function buildCreateOrderRequest(input: CreateSessionInput) {
  if (input.currency !== 'GBP') {
    throw new ProviderError('iwocapay', `currency ${input.currency} is not supported (GBP only)`, false);
  }
  let amount: number;
  try {
    amount = toJsonNumber(input.amount);
  } catch (err) {
    if (err instanceof InvalidAmountError)
      throw new ProviderError('iwocapay', `amount: ${err.message}`, false);
    throw err;
  }
  return {
    data: {
      amount,
      reference: input.checkoutId,
      allowed_payment_terms: input.options?.allowedPaymentTerms,
      webhook_url: input.callbacks.webhookUrl,
      // iwocaPay sends the customer here after checking out or abandoning: the merchant's page.
      redirect_url: input.returnUrl,
    },
  };
}

/** "detail" or "pointer: detail; …" from an error body. */
export function describeIwocaPayError(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { detail, message, errors } = parsed.data;
  const listed = (errors ?? []).map((e) =>
    [e.source?.pointer, e.detail ?? e.code].filter((part) => part !== undefined).join(': '),
  );
  const parts = [detail, message, ...listed].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('; ') : undefined;
}

export class IwocaPayClient {
  constructor(
    private readonly config: IwocaPayConfig,
    private readonly options: ClientOptions = {},
  ) {}

  private request(method: 'GET' | 'POST' | 'DELETE', path: string) {
    return {
      provider: 'iwocapay' as const,
      method,
      url: joinUrl(this.config.apiUrl, path),
      headers: { authorization: `Bearer ${this.config.accessToken}` },
      timeoutMs: this.options.timeoutMs,
      describeError: describeIwocaPayError,
    };
  }

  private sellerPath(suffix: string): string {
    return `ecommerce/seller/${encodeURIComponent(this.config.supplierUuid)}/order/${suffix}`;
  }

  async createOrder(input: CreateSessionInput): Promise<ProviderSession> {
    const response = await callProvider({
      ...this.request('POST', this.sellerPath('')),
      body: { json: buildCreateOrderRequest(input) },
      schema: createOrderResponseSchema,
    });
    return { providerReference: response.data.id, redirectUrl: response.data.order_url };
  }

  async readOrder(orderId: string): Promise<StatusReading> {
    const response = await callProvider({
      ...this.request('GET', `ecommerce/order/${encodeURIComponent(orderId)}/`),
      schema: orderStatusResponseSchema,
    });
    const { id, status, amount } = response.data;
    return { providerReference: id, rawStatus: status, kind: mapIwocaPayStatus(status), amount };
  }

  /** A 400 means the order is already terminal: permanent, and the caller decides what it means. */
  async cancelOrder(orderId: string): Promise<void> {
    await callProvider(this.request('DELETE', this.sellerPath(`${encodeURIComponent(orderId)}/`)));
  }
}
