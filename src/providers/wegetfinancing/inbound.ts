// Turns a WeGetFinancing postback into a ProviderEvent: verify the signature on the
// raw bytes first, parse the v1.9 JSON body second.
import { sha256Hex } from '../crypto';
import { describeIssues } from '../../config/issues';
import { parseJsonBody } from '../inbound-body';
import { InboundParseError } from '../errors';
import type { InboundChannel, InboundRequest, InboundResult } from '../types';
import type { WeGetFinancingConfig } from './config';
import { postbackSchema } from './schemas';
import { verifyPostback } from './signature';
import { mapWeGetFinancingStatus } from './status';

/**
 * Same id for the same delivery retried: built from the request token, status and
 * amount only. The timestamp is left out on purpose, because a redelivery is signed
 * again with a fresh timestamp (the receiver rejects stale ones), so including it would
 * give every retry a new id. The amount keeps two partial refunds apart.
 */
export function postbackEventId(requestToken: string, status: string, amount: string | undefined): string {
  return `wegetfinancing:${sha256Hex(JSON.stringify([requestToken, status, amount ?? null])).slice(0, 32)}`;
}

export function parseWeGetFinancingInbound(
  config: WeGetFinancingConfig,
  channel: InboundChannel,
  request: InboundRequest,
): InboundResult {
  if (channel !== 'webhook') {
    // success_url / failure_url are for the customer's eyes only; they carry no outcome.
    throw new InboundParseError('wegetfinancing', `channel ${channel} carries no outcome`);
  }
  const timestamp = request.headers['x-timestamp'];
  verifyPostback(config, {
    signature: request.headers['x-signature'],
    timestamp,
    rawBody: request.rawBody,
    receivedAt: request.receivedAt,
    toleranceSeconds: config.signatureToleranceSeconds,
  });

  const parsed = postbackSchema.safeParse(parseJsonBody(request.rawBody));
  if (!parsed.success) {
    throw new InboundParseError('wegetfinancing', describeIssues(parsed.error));
  }
  const postback = parsed.data;
  const status = postback.updates.status;
  return {
    type: 'event',
    event: {
      provider: 'wegetfinancing',
      // Absent on some rejected/refund postbacks: the gateway then correlates by request_token.
      checkoutReference: postback.merchant_transaction_id,
      providerReference: postback.request_token,
      kind: mapWeGetFinancingStatus(status),
      rawStatus: status,
      // verifyPostback accepted it, so the timestamp is unix seconds within tolerance.
      occurredAt: new Date(Number(timestamp) * 1000).toISOString(),
      eventId: postbackEventId(postback.request_token, status, postback.updates.amount),
      source: 'webhook',
      amount: postback.updates.amount,
    },
  };
}
