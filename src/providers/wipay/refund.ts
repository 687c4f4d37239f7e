// WiPay's WAPI refund request: `POST {host}/wapi/transactions/{transaction_id}/refund`
// with X-WAPI-Key, no body, answered 201 [doc: docs.wipayfinancial.com/wapi/transactions/
// refund-request]. It refunds the whole transaction and a transaction has at most one
// refund request, so a partial amount is refused here, before any call. WAPI takes no
// idempotency key: a retry whose first attempt got through is told "has an existing
// refund request", which is the refund we asked for, so it counts as done.
import { sameAmount } from '../../money';
import { ProviderError } from '../errors';
import { callProvider, joinUrl } from '../http';
import type { ProviderMoneyMovement, RefundInput } from '../types';
import type { WipayClientOptions } from './client';
import type { WipayConfig } from './config';
import { describeWipayError } from './schemas';

/** The 400 messages that say this transaction's refund request already exists [doc]. */
const ALREADY_REQUESTED = [
  'The selected transaction id has an existing refund request.',
  'The selected transaction id has already been refunded.',
];

export async function requestWipayRefund(
  config: WipayConfig & { wapiKey: string },
  input: RefundInput,
  options: WipayClientOptions = {},
): Promise<ProviderMoneyMovement> {
  if (input.capturedTotal === undefined || !sameAmount(input.amount, input.capturedTotal)) {
    throw new ProviderError('wipay', 'WiPay refunds only the whole transaction, not part of it', false);
  }
  const movement = { providerId: `wipay-refund-${input.transactionId}`, amount: input.amount };
  try {
    await callProvider({
      provider: 'wipay',
      method: 'POST',
      url: joinUrl(config.apiUrl, `/wapi/transactions/${encodeURIComponent(input.transactionId)}/refund`),
      headers: { accept: 'application/json', 'x-wapi-key': config.wapiKey },
      timeoutMs: options.timeoutMs,
      describeError: describeWipayError,
    });
  } catch (err) {
    const repeat =
      err instanceof ProviderError &&
      err.httpStatus === 400 &&
      ALREADY_REQUESTED.some((message) => err.message.includes(message));
    if (!repeat) throw err;
  }
  return movement;
}
