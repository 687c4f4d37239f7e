// Builds the form of `POST /plugins/payments/request` from our CreateSessionInput and
// refuses, before any network call, what WiPay would refuse anyway.
import { toTwoDecimals } from '../../money';
import { ProviderError } from '../errors';
import type { CreateSessionInput } from '../types';
import type { WipayConfig } from './config';
import type { WipayPaymentRequest } from './schemas';
import { WIPAY_IDENTIFIER } from './config';
import { WIPAY_RESPONSE_URL_MAX } from './schemas';

export function buildWipayPaymentRequest(
  input: CreateSessionInput,
  config: WipayConfig,
): WipayPaymentRequest {
  // Permanent: the same input can never pass, so retrying the activity cannot help.
  if (!WIPAY_IDENTIFIER.test(input.checkoutId)) {
    throw new ProviderError(
      'wipay',
      'order_id may use only [A-Za-z0-9_-] and may not start or end with - or _',
      false,
    );
  }
  if (input.callbacks.redirectUrl.length > WIPAY_RESPONSE_URL_MAX) {
    throw new ProviderError(
      'wipay',
      `response_url is longer than ${WIPAY_RESPONSE_URL_MAX} characters`,
      false,
    );
  }
  const { customer } = input;
  return {
    account_number: config.accountNumber,
    country_code: config.countryCode,
    currency: input.currency,
    environment: config.environment,
    fee_structure: config.feeStructure,
    method: 'credit_card_co',
    order_id: input.checkoutId,
    origin: config.origin,
    response_url: input.callbacks.redirectUrl,
    total: toTwoDecimals(input.amount),
    avs: input.options?.avs ? '1' : '0',
    email: customer.email,
    fname: customer.firstName,
    lname: customer.lastName,
    phone: customer.phone,
  };
}

/** The form body: optional fields we do not have are left out rather than sent empty. */
export function toFormFields(request: WipayPaymentRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
