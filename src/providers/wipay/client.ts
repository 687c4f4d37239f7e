// WiPay's one API call: the hosted payment request. No auth header (the API key only
// checks the result hash); `Accept: application/json` makes WiPay answer
// `{url, transaction_id}` instead of redirecting a browser.
import { callProvider, joinUrl } from '../http';
import type { WipayConfig } from './config';
import type { WipayPaymentRequest } from './schemas';
import { describeWipayError, wipayPaymentResponseSchema } from './schemas';
import { toFormFields } from './request';

export interface WipayClientOptions {
  timeoutMs?: number;
}

export function createWipayClient(config: WipayConfig, options: WipayClientOptions = {}) {
  return {
    requestPayment: (request: WipayPaymentRequest) =>
      callProvider({
        provider: 'wipay',
        method: 'POST',
        url: joinUrl(config.apiUrl, '/plugins/payments/request'),
        headers: { accept: 'application/json' },
        body: { form: toFormFields(request) },
        schema: wipayPaymentResponseSchema,
        timeoutMs: options.timeoutMs,
        describeError: describeWipayError,
      }),
  };
}
