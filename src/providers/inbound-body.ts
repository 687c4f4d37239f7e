// Reading what a provider sent, shared by the JSON webhook adapters: the raw body as
// JSON, and the "poll this order" hint made from a body that could not be verified.
import type { z } from 'zod';
import type { ProviderId } from '../../workflows/domain';
import { VerificationError } from './errors';
import type { InboundRequest, InboundResult, PollHintReason } from './types';

/** The body as JSON, or undefined when it is not JSON. */
export function parseJsonBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * An unverified body is never applied; when it names an order, it only tells the
 * workflow to poll the provider's status API now. With nothing usable in it, it is a
 * plain verification failure (the gateway answers 401 and signals nothing).
 */
export function pollHintFrom<S extends z.ZodTypeAny>(
  provider: ProviderId,
  request: InboundRequest,
  reason: PollHintReason,
  schema: S,
  references: (hint: z.infer<S>) => { checkoutReference?: string; providerReference?: string },
): InboundResult {
  const hint = schema.safeParse(parseJsonBody(request.rawBody));
  if (!hint.success) {
    throw new VerificationError(
      provider,
      `${reason === 'unsigned' ? 'unsigned' : 'bad signature'}, unreadable body`,
    );
  }
  return { type: 'pollHint', ...references(hint.data), reason };
}
