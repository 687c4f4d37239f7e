// What Affirm (webhook) and the customer's browser (confirmation redirect) send us.
// Verify first, parse second: a webhook without the configured Basic credentials is
// rejected before its body is even decoded.
import type { ProviderEvent } from '../../../workflows/domain';
import { describeIssues } from '../../config/issues';
import { constantTimeEqual, sha256Hex } from '../crypto';
import { InboundParseError, VerificationError } from '../errors';
import type { InboundChannel, InboundRequest, InboundResult } from '../types';
import type { AffirmWebhookCredentials } from './config';
import { affirmConfirmationSchema, affirmWebhookSchema } from './schemas';
import { affirmOutcome } from './status';

export function parseAffirmInbound(
  credentials: AffirmWebhookCredentials | undefined,
  channel: InboundChannel,
  request: InboundRequest,
): InboundResult {
  return channel === 'webhook' ? parseWebhook(credentials, request) : parseConfirmation(request);
}

function parseWebhook(
  credentials: AffirmWebhookCredentials | undefined,
  request: InboundRequest,
): InboundResult {
  verifyBasic(credentials, request.headers.authorization);
  const parsed = affirmWebhookSchema.safeParse(formFields(request.rawBody));
  if (!parsed.success) throw new InboundParseError('affirm', describeIssues(parsed.error));
  const { checkout_token: token, event, event_timestamp: timestamp, order_id: orderId } = parsed.data;
  const normalised: ProviderEvent = {
    provider: 'affirm',
    checkoutReference: orderId,
    providerReference: token,
    kind: affirmOutcome(event),
    rawStatus: event,
    occurredAt: affirmTimestampToIso(timestamp),
    eventId: stableEventId('webhook', token, event, timestamp),
    source: 'webhook',
    authorizationToken: event === 'confirmed' ? token : undefined,
  };
  return { type: 'event', event: normalised };
}

/**
 * The browser's return to user_confirmation_url is unauthenticated: anyone can type it.
 * It speaks for a checkout only through the gateway's binding (an HMAC over our checkout
 * id in the URL we gave Affirm); without a valid one it is refused before anything is
 * read. Even bound, its token is only a claim: the workflow authorizes it with Affirm and
 * checks amount, order and Affirm checkout before completing anything, and a refusal of a
 * browser's token changes nothing.
 */
function parseConfirmation(request: InboundRequest): InboundResult {
  const bound = request.boundCallback;
  if (!bound) throw new VerificationError('affirm', 'confirmation URL is not bound to a checkout');
  const fromBody = request.method.toUpperCase() === 'POST' ? formFields(request.rawBody) : {};
  const parsed = affirmConfirmationSchema.safeParse({ ...definedOnly(request.query), ...fromBody });
  if (!parsed.success) throw new InboundParseError('affirm', describeIssues(parsed.error));
  const { checkout_token: token } = parsed.data;
  return {
    type: 'event',
    event: {
      provider: 'affirm',
      checkoutReference: bound.checkoutId,
      providerReference: token,
      kind: 'authorize',
      rawStatus: 'confirmed',
      occurredAt: request.receivedAt.toISOString(),
      eventId: stableEventId('redirect', bound.checkoutId, token),
      source: 'redirect',
      authorizationToken: token,
    },
  };
}

function verifyBasic(credentials: AffirmWebhookCredentials | undefined, header: string | undefined): void {
  if (!credentials) throw new VerificationError('affirm', 'webhook credentials are not configured');
  if (!header) throw new VerificationError('affirm', 'missing Authorization header');
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) throw new VerificationError('affirm', 'Authorization header is not Basic');
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new VerificationError('affirm', 'malformed Basic credentials');
  // Compare both halves before deciding, so timing does not tell which one was wrong.
  const userOk = constantTimeEqual(decoded.slice(0, colon), credentials.user);
  const passwordOk = constantTimeEqual(decoded.slice(colon + 1), credentials.password);
  if (!(userOk && passwordOk)) throw new VerificationError('affirm', 'wrong Basic credentials');
}

function formFields(rawBody: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
}

function definedOnly(query: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

const AFFIRM_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})?$/;

/** Affirm sends `YYYY-MM-DDTHH:MM:SS.ffffff` in UTC without a zone; we keep ISO-8601 with `Z`. */
export function affirmTimestampToIso(timestamp: string): string {
  const match = AFFIRM_TIMESTAMP.exec(timestamp);
  const millis = match ? (match[2] ?? '').padEnd(3, '0').slice(0, 3) : '';
  const instant = match ? new Date(`${match[1]}.${millis}${match[3] ?? 'Z'}`) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new InboundParseError('affirm', `event_timestamp is not a timestamp: ${JSON.stringify(timestamp)}`);
  }
  return instant.toISOString();
}

/** The same delivery always yields the same id, however often Affirm or a browser repeats it. */
function stableEventId(...parts: string[]): string {
  return `affirm-${sha256Hex(JSON.stringify(parts)).slice(0, 32)}`;
}
