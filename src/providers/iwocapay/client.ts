// iwocaPay's ecommerce order API: create, read and cancel an order, Bearer-authenticated.
// The order's `reference` is our checkout id, so webhooks name the checkout directly.
import { InvalidAmountError, sameAmount, toJsonNumber } from '../../money';
import { ProviderError } from '../errors';
import { callProvider, joinUrl } from '../http';
import type { CreateSessionInput, ProviderSession, StatusReading } from '../types';
import type { IwocaPayConfig } from './config';
import { describeIwocaPayError, isDuplicateReferenceRefusal } from './describe-error';
import { iwocaPayEndpoints } from './endpoints';
import { createOrderResponseSchema, IWOCAPAY_CURRENCY, type IwocaPayOrder } from './schemas';
import { readSignedOrder } from './signed-read';
import { mapIwocaPayStatus } from './status';

export interface ClientOptions {
  timeoutMs?: number;
}

/** The request body; exported so tests can check the wire shape without a network. */
export function buildCreateOrderRequest(input: CreateSessionInput) {
  if (input.currency !== IWOCAPAY_CURRENCY) {
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

/** Enough to hand a retried create the order the first attempt made: the GET answer has no order_url. */
interface CreatedOrder {
  orderId: string;
  orderUrl: string;
}
const REMEMBERED_ORDERS = 10_000;

export class IwocaPayClient {
  /**
   * The orders this process created, by reference. iwocaPay documents no lookup by
   * reference, so a create refused as a duplicate can only be matched against these.
   */
  private readonly created = new Map<string, CreatedOrder>();

  constructor(
    private readonly config: IwocaPayConfig,
    private readonly options: ClientOptions = {},
  ) {}

  private request(method: 'POST' | 'DELETE', path: string) {
    return {
      provider: 'iwocapay' as const,
      method,
      url: joinUrl(this.config.baseUrl, path),
      headers: { authorization: `Bearer ${this.config.accessToken}` },
      timeoutMs: this.options.timeoutMs,
      describeError: describeIwocaPayError,
    };
  }

  async createOrder(input: CreateSessionInput): Promise<ProviderSession> {
    const body = buildCreateOrderRequest(input);
    let duplicate = false;
    const request = this.request('POST', iwocaPayEndpoints.createOrder(this.config));
    try {
      const { data } = await callProvider({
        ...request,
        body: { json: body },
        schema: createOrderResponseSchema,
        describeError: (error: unknown) => {
          duplicate = isDuplicateReferenceRefusal(error);
          return request.describeError(error);
        },
      });
      this.remember(input.checkoutId, { orderId: data.id, orderUrl: data.order_url });
      return { providerReference: data.id, redirectUrl: data.order_url, ...reported(data) };
    } catch (err) {
      if (err instanceof ProviderError && !err.transient && duplicate) return this.existingOrder(input);
      throw err;
    }
  }

  /** The reference is taken: reuse the order only when it is the one we made, for this amount. */
  private async existingOrder(input: CreateSessionInput): Promise<ProviderSession> {
    const refuse = (why: string) =>
      new ProviderError(
        'iwocapay',
        `reference ${input.checkoutId} is already used at iwocaPay ${why}`,
        false,
      );
    const known = this.created.get(input.checkoutId);
    if (!known) {
      throw refuse('by an order this process did not create (iwocaPay offers no lookup by reference)');
    }
    const order = await this.fetchOrder(known.orderId);
    // No amount in the answer: nothing proves it is the same order, so it is not reused.
    if (order.reference !== input.checkoutId || !sameAmount(order.amount ?? '', input.amount)) {
      throw refuse(
        `by an order for GBP ${order.amount ?? '(no amount)'}, not GBP ${input.amount}: not reused`,
      );
    }
    return { providerReference: order.id, redirectUrl: known.orderUrl, ...reported(order) };
  }

  private remember(reference: string, order: CreatedOrder): void {
    this.created.delete(reference);
    this.created.set(reference, order);
    // Oldest first: Map keeps insertion order.
    if (this.created.size > REMEMBERED_ORDERS) this.created.delete(this.created.keys().next().value ?? '');
  }

  private async fetchOrder(orderId: string): Promise<IwocaPayOrder> {
    const url = joinUrl(this.config.baseUrl, iwocaPayEndpoints.order(this.config, orderId));
    const order = await readSignedOrder(this.config, url, this.options.timeoutMs);
    if (order.id !== orderId) {
      throw new ProviderError('iwocapay', `asked for order ${orderId}, answered order ${order.id}`, false);
    }
    return order;
  }

  async readOrder(orderId: string): Promise<StatusReading> {
    const order = await this.fetchOrder(orderId);
    return {
      providerReference: order.id,
      rawStatus: order.status,
      kind: mapIwocaPayStatus(order.status),
      ...reported(order),
    };
  }

  /**
   * DELETE the order (plugin 2.x path); where that path is not served (404/405), the 1.x
   * path. A 400 means the order is already terminal: permanent, and the caller decides.
   */
  async cancelOrder(orderId: string): Promise<void> {
    try {
      await callProvider(this.request('DELETE', iwocaPayEndpoints.order(this.config, orderId)));
    } catch (current) {
      const notServed = current instanceof ProviderError && [404, 405].includes(current.httpStatus ?? 0);
      if (!notServed) throw current;
      try {
        await callProvider(this.request('DELETE', iwocaPayEndpoints.legacyOrder(orderId)));
      } catch (legacy) {
        if (!(legacy instanceof ProviderError)) throw legacy;
        // Both answers, minus the repeated provider prefix: either may be the telling one.
        const both = [current, legacy].map((e) => e.message.replace(/^iwocapay: /, '')).join('; then ');
        throw new ProviderError('iwocapay', both, legacy.transient, legacy.httpStatus);
      }
    }
  }
}

/** What iwocaPay says the order is for: always GBP. */
function reported(order: IwocaPayOrder): { amount?: string; currency: string } {
  return { amount: order.amount, currency: IWOCAPAY_CURRENCY };
}
