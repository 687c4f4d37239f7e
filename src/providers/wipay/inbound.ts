// The customer's browser returning from WiPay's hosted page to our response_url: the
// only signal WiPay gives (no webhook, no status API). The hash is checked on the
// query values exactly as received, before anything in the query is believed.
import { describeIssues } from '../../config/issues';
import { toTwoDecimals } from '../../money';
import { InboundParseError, VerificationError } from '../errors';
import type { InboundChannel, InboundRequest, InboundResult } from '../types';
import { isValidWipayHash } from './hash';
import { wipayResultSchema } from './schemas';
import { wipayOutcome } from './status';

export function parseWipayInbound(
  apiKey: string,
  channel: InboundChannel,
  request: InboundRequest,
): InboundResult {
  if (channel !== 'redirect') {
    throw new InboundParseError(
      'wipay',
      'WiPay sends no webhooks: only the response_url redirect is accepted',
    );
  }
  const { hash, transaction_id: transactionId, total } = request.query;
  if (!hash) throw new VerificationError('wipay', 'missing hash');
  if (!transactionId || !total)
    throw new VerificationError('wipay', 'missing transaction_id or total to verify');
  if (!isValidWipayHash(transactionId, total, apiKey, hash)) {
    throw new VerificationError('wipay', 'hash does not match transaction_id + total');
  }

  const parsed = wipayResultSchema.safeParse(request.query);
  if (!parsed.success) throw new InboundParseError('wipay', describeIssues(parsed.error));
  const result = parsed.data;
  return {
    type: 'event',
    event: {
      provider: 'wipay',
      // order_id is not covered by the hash: the workflow must match providerReference
      // (transaction_id, which is) against the transaction its session created.
      checkoutReference: result.order_id,
      providerReference: result.transaction_id,
      kind: wipayOutcome(result.status),
      rawStatus: result.status,
      occurredAt: request.receivedAt.toISOString(),
      // A refreshed or replayed redirect is the same event; the status is part of the id
      // because WiPay may recover a different outcome for the same transaction later.
      eventId: `wipay-${result.transaction_id}-${result.status}`,
      source: 'redirect',
      amount: toTwoDecimals(result.total),
    },
  };
}
