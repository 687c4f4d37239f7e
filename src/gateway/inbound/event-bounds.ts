// The one shape every provider event must have before the gateway signals it: whatever
// an adapter parsed out of a message ends up durable (workflow history, search
// attributes, the order store, whose ids stop at 200 characters), so each field is
// bounded here, once for every provider, and a message outside the bounds changes nothing.
import { z } from 'zod';
import { EVENT_SOURCES, OUTCOME_KINDS, PROVIDER_IDS } from '../../../workflows/domain';
import type { ProviderEvent } from '../../../workflows/domain';
import { describeIssues, valueFreeErrorMap } from '../../config/issues';
import { InboundParseError } from '../../providers/errors';

/** Provider-generated ids and our own: letters, digits and . _ : - only (safe in a visibility query). */
const SAFE_ID = /^[A-Za-z0-9._:-]+$/;
const id = z.string().min(1).max(200).regex(SAFE_ID, 'must be 1-200 of A-Z a-z 0-9 . _ : -');
/** Printable text without control characters (statuses, timestamps, tokens). */
const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x20-\x7E]+$/, 'must be printable ASCII');

export const providerEventSchema = z
  .object({
    provider: z.enum(PROVIDER_IDS),
    checkoutReference: id.optional(),
    providerReference: id.optional(),
    kind: z.enum(OUTCOME_KINDS),
    rawStatus: printable(100),
    occurredAt: printable(64),
    eventId: id,
    source: z.enum(EVENT_SOURCES),
    authorizationToken: printable(1000).optional(),
    amount: z
      .string()
      .regex(/^-?\d{1,15}(?:\.\d{1,6})?$/, 'must be a decimal string')
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code')
      .optional(),
  })
  // A field no one bounded is refused rather than passed on: add it here first.
  .strict();

/**
 * The event as parsed, or InboundParseError (400 malformed_message, nothing signalled).
 * The detail names fields and rules, never values.
 */
export function boundedEvent(event: ProviderEvent): ProviderEvent {
  const parsed = providerEventSchema.safeParse(event, { errorMap: valueFreeErrorMap });
  if (!parsed.success)
    throw new InboundParseError(event.provider, `event out of bounds: ${describeIssues(parsed.error)}`);
  return event;
}
