// The customer's browser returning from WiPay's hosted page to our response_url: the
// only signal WiPay gives (no webhook, no status API). Nothing in the query is believed
// on its own: the checkout and its requested total come from our signed binding of the
// response_url (request.boundCallback), and a success counts only when WiPay's hash over
// transaction_id + that requested total checks out. A return that is not a success
// carries no hash, so it is only ever the browser's word: nothing is applied and the
// customer is sent to the checkout's cancel page.
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
  // Without our binding we know neither the checkout nor the total the hash covers, and
  // order_id is not covered by the hash: such a return can decide nothing (401).
  const bound = request.boundCallback;
  if (bound?.amount === undefined) {
    throw new VerificationError('wipay', 'the response_url binding is missing or does not verify');
  }
  const parsed = wipayResultSchema.safeParse(request.query);
  if (!parsed.success) throw new InboundParseError('wipay', describeIssues(parsed.error));
  const result = parsed.data;
  const kind = wipayOutcome(result.status);
  if (kind !== 'fulfil') return { type: 'browserReturn', checkoutReference: bound.checkoutId };

  if (!result.hash) throw new VerificationError('wipay', 'a success without a hash');
  if (!result.transaction_id) throw new VerificationError('wipay', 'a success without a transaction_id');
  if (!isValidWipayHash(result.transaction_id, bound.amount, apiKey, result.hash)) {
    throw new VerificationError('wipay', 'hash does not match transaction_id + requested total');
  }
  return {
    type: 'event',
    event: {
      provider: 'wipay',
      checkoutReference: bound.checkoutId,
      // Covered by the hash; the workflow matches it against the transaction its session created.
      providerReference: result.transaction_id,
      kind,
      rawStatus: result.status,
      occurredAt: request.receivedAt.toISOString(),
      // A refreshed or replayed redirect is the same event.
      eventId: `wipay-${result.transaction_id}-${result.status}`,
      source: 'redirect',
      // What the hash proves was paid for the order. The redirect's `total` adds the fee
      // under customer_pay/split and, like `currency`, is not covered by the hash.
      amount: toTwoDecimals(bound.amount),
    },
  };
}
