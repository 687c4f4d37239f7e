// Ecomtrade24 webhooks. Only a body whose HMAC verifies becomes an event; a missing or
// failing signature is never applied, it only tells the workflow to poll status.php now.
import { describeIssues } from '../../config/issues';
import { InboundParseError } from '../errors';
import { parseJsonBody, pollHintFrom } from '../inbound-body';
import type { InboundChannel, InboundRequest, InboundResult, PollHintReason } from '../types';
import type { Ecomtrade24Config } from './config';
import { webhookHintSchema, webhookSchema } from './schemas';
import { findSignature, isValidWebhookSignature } from './signature';
import { mapEcomtrade24Status } from './status';

const hintFrom = (request: InboundRequest, reason: PollHintReason) =>
  pollHintFrom('ecomtrade24', request, reason, webhookHintSchema, (hint) => ({
    checkoutReference: hint.order_id,
    providerReference: hint.session_id,
  }));

export function parseEcomtrade24Inbound(
  config: Ecomtrade24Config,
  channel: InboundChannel,
  request: InboundRequest,
): InboundResult {
  if (channel !== 'webhook') {
    // The return URL is for the customer's eyes only (seed): it carries no outcome.
    throw new InboundParseError('ecomtrade24', `channel ${channel} carries no outcome`);
  }
  const signature = findSignature(request.headers);
  if (signature === undefined) return hintFrom(request, 'unsigned');
  if (!isValidWebhookSignature(config.webhookSecret, request.rawBody, signature)) {
    return hintFrom(request, 'badSignature');
  }

  const body = parseJsonBody(request.rawBody);
  if (body === undefined) throw new InboundParseError('ecomtrade24', 'body is not JSON');
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) throw new InboundParseError('ecomtrade24', describeIssues(parsed.error));
  const { session_id: sessionId, order_id: orderId, status, amount, currency } = parsed.data;
  return {
    type: 'event',
    event: {
      provider: 'ecomtrade24',
      checkoutReference: orderId,
      providerReference: sessionId,
      kind: mapEcomtrade24Status(status),
      rawStatus: status,
      occurredAt: request.receivedAt.toISOString(),
      // Session and status: the body has no delivery id, and a session reaches each
      // status at most once, so a retry or duplicate of the same change keeps its id.
      eventId: `ecomtrade24:${sessionId}:${status}`,
      source: 'webhook',
      amount,
      currency,
    },
  };
}
