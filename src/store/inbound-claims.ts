// Events recorded for an unknown checkout, claimed by the checkout that later learns the
// provider reference they name. The claim is one UPDATE: it marks each row with the
// claiming checkout inside its payload (`claimedBy`), so two claimers can never both take
// the same event, and a retried claim by the same checkout gets the same events again.
import { z } from 'zod';
import { PROVIDER_IDS } from '../../workflows/domain';
import type { SqlDriver } from './driver';
import { parseInput } from './schemas';
import type { ClaimedInboundEvent, OrderStore } from './types';

const id = z.string().trim().min(1).max(200);

const claimSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  providerReference: id,
  checkoutId: id,
});

const forwardSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  providerReference: id,
  eventId: id,
});

interface ClaimedRow {
  event_id: string;
  payload: unknown;
  received_at: string | Date;
}

export function createInboundClaims(
  driver: SqlDriver,
): Pick<OrderStore, 'claimRecordedEvents' | 'claimRecordedEventForCheckout'> {
  return {
    async claimRecordedEvents(raw): Promise<ClaimedInboundEvent[]> {
      const input = parseInput('claimRecordedEvents', claimSchema, raw);
      // Only events recorded because no checkout was found: a closed checkout's stay its own.
      const result = await driver.query<ClaimedRow>(
        `UPDATE inbound_events
           SET payload = payload || jsonb_build_object('claimedBy', $3::text, 'claimedAt', now())
         WHERE provider = $1 AND provider_reference = $2 AND reason = 'unknownCheckout'
           AND (NOT payload ? 'claimedBy' OR payload->>'claimedBy' = $3::text)
         RETURNING event_id, payload, received_at`,
        [input.provider, input.providerReference, input.checkoutId],
      );
      return result.rows
        .map((row) => ({
          eventId: row.event_id,
          payload: row.payload,
          receivedAt: new Date(row.received_at).toISOString(),
        }))
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.eventId.localeCompare(b.eventId));
    },

    /**
     * The other side of the race: an event recorded after its checkout had already claimed
     * (it arrived while the reference was stored but not yet searchable). The open checkout
     * whose stored reference it names claims it here; a retry gets the same checkout again.
     */
    async claimRecordedEventForCheckout(raw) {
      const input = parseInput('claimRecordedEventForCheckout', forwardSchema, raw);
      const result = await driver.query<{ checkout_id: string }>(
        `UPDATE inbound_events AS e
           SET payload = e.payload || jsonb_build_object('claimedBy', c.checkout_id, 'claimedAt', now())
         FROM checkouts AS c
         WHERE e.provider = $1 AND e.event_id = $3 AND e.reason = 'unknownCheckout'
           AND e.provider_reference = $2
           AND c.provider = $1 AND c.provider_reference = $2 AND c.status = 'open'
           AND (NOT e.payload ? 'claimedBy' OR e.payload->>'claimedBy' = c.checkout_id)
         RETURNING c.checkout_id`,
        [input.provider, input.providerReference, input.eventId],
      );
      return { checkoutId: result.rows[0]?.checkout_id };
    },
  };
}
