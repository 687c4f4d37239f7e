// What a merchant event looks like on the wire, and its id. The body is rebuilt from the
// stored row for every attempt, so every attempt of one event carries the same bytes.
import { createHash } from 'node:crypto';
import type { MerchantEventRecord } from '../store';
import type { MerchantEventType } from '../../workflows/merchant-events/contract';

/**
 * Stable for (checkout, type, occurrence): an activity retry or a workflow replay that
 * publishes again names the same event. Opaque, so it carries no merchant text.
 */
export function merchantEventId(checkoutId: string, type: MerchantEventType, occurrence: string): string {
  const digest = createHash('sha256').update(`${checkoutId}\u0000${type}\u0000${occurrence}`).digest('hex');
  return `evt_${digest.slice(0, 32)}`;
}

export interface MerchantEventEnvelope {
  id: string;
  type: MerchantEventType;
  createdAt: string;
  data: Record<string, unknown> & { sequence: number };
}

export function envelopeOf(event: MerchantEventRecord): MerchantEventEnvelope {
  return {
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    data: { ...event.data, sequence: event.seq },
  };
}
