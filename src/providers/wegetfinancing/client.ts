// WeGetFinancing's Create Request call. Money goes out as 2-decimal strings and the
// checkout id as merchant_transaction_id, so the postback names our checkout.
import { InvalidAmountError, toTwoDecimals } from '../../money';
import { ProviderError } from '../errors';
import { basicAuth, callProvider, joinUrl } from '../http';
import type { Address, CreateSessionInput, ProviderSession } from '../types';
import type { WeGetFinancingConfig } from './config';
import { createResponseSchema, errorBodySchema } from './schemas';

/** Postbacks in the JSON dialect the seed describes; older versions post other shapes. */
export const POSTBACK_VERSION = '1.9';

export interface ClientOptions {
  timeoutMs?: number;
}

function money(value: string, field: string): string {
  try {
    return toTwoDecimals(value);
  } catch (err) {
    if (err instanceof InvalidAmountError)
      throw new ProviderError('wegetfinancing', `${field}: ${err.message}`, false);
    throw err;
  }
}

function address(value: Address) {
  return {
    street1: value.street1,
    city: value.city,
    state: value.state,
    zipcode: value.zipcode,
    country: value.country,
  };
}

/** The request body; exported so tests can check the wire shape without a network. */
export function buildCreateRequest(input: CreateSessionInput) {
  if (input.currency !== 'USD') {
    throw new ProviderError(
      'wegetfinancing',
      `currency ${input.currency} is not supported (USD only)`,
      false,
    );
  }
  const billing = input.customer.billingAddress;
  if (!billing) throw new ProviderError('wegetfinancing', 'a billing address is required', false);
  return {
    first_name: input.customer.firstName,
    last_name: input.customer.lastName,
    email: input.customer.email,
    phone: input.customer.phone,
    billing_address: address(billing),
    shipping_address: input.customer.shippingAddress ? address(input.customer.shippingAddress) : undefined,
    cart_items: input.items?.map((item, index) => ({
      sku: item.sku,
      display_name: item.name,
      unit_price: money(item.unitPrice, `items[${index}].unitPrice`),
      quantity: item.quantity,
      unit_tax: money(item.unitTax ?? '0', `items[${index}].unitTax`),
    })),
    shipping_amount:
      input.shippingAmount === undefined ? undefined : money(input.shippingAmount, 'shippingAmount'),
    tax_amount: input.taxAmount === undefined ? undefined : money(input.taxAmount, 'taxAmount'),
    amount: money(input.amount, 'amount'),
    currency: input.currency,
    version: POSTBACK_VERSION,
    merchant_transaction_id: input.checkoutId,
    postback_url: input.callbacks.webhookUrl,
    success_url: input.returnUrl,
    failure_url: input.cancelUrl,
  };
}

/** "code error: message (field: reason; …)" from the documented error body. */
export function describeWeGetFinancingError(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, error, message, reasons } = parsed.data;
  const head = [code, error].filter((part) => part !== undefined).join(' ');
  const details = Object.entries(reasons ?? {}).map(
    ([field, reason]) => `${field}: ${typeof reason === 'string' ? reason : JSON.stringify(reason)}`,
  );
  const text = [
    head && message ? `${head}: ${message}` : head || message,
    details.length ? `(${details.join('; ')})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return text || undefined;
}

export async function createFinancingRequest(
  config: WeGetFinancingConfig,
  input: CreateSessionInput,
  options: ClientOptions = {},
): Promise<ProviderSession> {
  const response = await callProvider({
    provider: 'wegetfinancing',
    method: 'POST',
    url: joinUrl(config.apiUrl, `merchant/${encodeURIComponent(config.merchantId)}/requests`),
    headers: { authorization: basicAuth(config.username, config.password) },
    body: { json: buildCreateRequest(input) },
    schema: createResponseSchema,
    timeoutMs: options.timeoutMs,
    describeError: describeWeGetFinancingError,
  });
  // The request token every postback carries; href is the customer's application. The
  // amount (and currency, if sent) are the provider's word, for the workflow to compare.
  return {
    providerReference: response.requestToken,
    redirectUrl: response.href,
    amount: response.amount,
    currency: response.currency,
  };
}
