// WiPay's WAPI Retrieve Transaction: `GET {host}/wapi/transactions/{transaction_id}` with
// X-WAPI-Key, answered `{message, data: {transaction_id, status, …}}` [doc:
// docs.wipayfinancial.com/wapi/transactions/retrieve]. The workflow reads it once before
// it gives a checkout up (the 240-minute cancel), for a customer who paid and never came
// back to response_url. Only `success` completes; everything else waits for the rule.
import { z } from 'zod';
import type { OutcomeKind } from '../../../workflows/domain';
import { callProvider, joinUrl } from '../http';
import type { StatusReading } from '../types';
import type { WipayClientOptions } from './client';
import type { WipayConfig } from './config';
import { describeWipayError } from './schemas';

/**
 * The statuses the doc's examples show (`incomplete`, `failed`, `success`). A failed
 * attempt is not the end: whether the customer may try again on the hosted page is not
 * documented [?], so it decides nothing, and neither does a status we do not know.
 */
const READ_OUTCOMES: Record<string, OutcomeKind> = {
  success: 'fulfil',
  incomplete: 'wait',
  failed: 'wait',
};

const transactionReadSchema = z.object({
  message: z.string().optional(),
  data: z.object({
    transaction_id: z.string().min(1),
    status: z.string().min(1).max(100),
  }),
});

export async function readWipayTransaction(
  config: WipayConfig & { wapiKey: string },
  transactionId: string,
  options: WipayClientOptions = {},
): Promise<StatusReading> {
  const answer = await callProvider({
    provider: 'wipay',
    method: 'GET',
    url: joinUrl(config.apiUrl, `/wapi/transactions/${encodeURIComponent(transactionId)}`),
    headers: { accept: 'application/json', 'x-wapi-key': config.wapiKey },
    timeoutMs: options.timeoutMs,
    describeError: describeWipayError,
    schema: transactionReadSchema,
  });
  const status = answer.data.status.toLowerCase();
  // No amount: the read's `total` of a paid transaction is what the customer was debited
  // (fee included under customer_pay) [doc], not the requested total we compare with.
  return {
    providerReference: answer.data.transaction_id,
    rawStatus: status,
    kind: Object.hasOwn(READ_OUTCOMES, status) ? (READ_OUTCOMES[status] as OutcomeKind) : 'unknown',
  };
}
