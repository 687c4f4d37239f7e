// iwocaPay webhooks. Only a body whose X-Iwocapay-Hmac-Sha256 verifies becomes an
// event. An unsigned body (the seed's older shape) or one whose signature fails is
// never applied: it only tells the workflow to poll the status API now.
import { describeIssues } from '../../config/issues';
import { InboundParseError } from '../errors';
import { parseJsonBody, pollHintFrom } from '../inbound-body';
import type { InboundChannel, InboundRequest, InboundResult, PollHintReason } from '../types';
import type { IwocaPayConfig } from './config';
import { IWOCAPAY_CURRENCY, webhookHintSchema, webhookSchema } from './schemas';
import { IWOCAPAY_SIGNATURE_HEADER, isValidSignature } from './signature';
import { mapIwocaPayStatus } from './status';

const hintFrom = (request: InboundRequest, reason: PollHintReason) =>
  pollHintFrom('iwocapay', request, reason, webhookHintSchema, (hint) => ({
    checkoutReference: hint.data.reference,
    providerReference: hint.data.order_id,
  }));

export function parseIwocaPayInbound(
  config: IwocaPayConfig,
  channel: InboundChannel,
  request: InboundRequest,
): InboundResult {
  if (channel !== 'webhook') {
    // redirect_url is the merchant's page; the browser return carries no outcome.
    throw new InboundParseError('iwocapay', `channel ${channel} carries no outcome`);
  }
  const signature = request.headers[IWOCAPAY_SIGNATURE_HEADER];
  if (signature === undefined || signature === '') return hintFrom(request, 'unsigned');
  if (!isValidSignature(config.accessToken, request.rawBody, signature)) {
    return hintFrom(request, 'badSignature');
  }

  const body = parseJsonBody(request.rawBody);
  if (body === undefined) throw new InboundParseError('iwocapay', 'body is not JSON');
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) throw new InboundParseError('iwocapay', describeIssues(parsed.error));
  const { order_id: orderId, status, reference, amount } = parsed.data.data;
  return {
    type: 'event',
    event: {
      provider: 'iwocapay',
      checkoutReference: reference,
      providerReference: orderId,
      kind: mapIwocaPayStatus(status),
      rawStatus: status,
      occurredAt: request.receivedAt.toISOString(),
      // Order and status, not webhook_id: whether a redelivery keeps its webhook_id is not
      // documented, and one order reaches each status at most once, so a retry or duplicate
      // of the same change always yields the same id.
      eventId: `iwocapay:${orderId}:${status}`,
      source: 'webhook',
      amount,
      currency: IWOCAPAY_CURRENCY,
    },
  };
}
