// Row shapes as both drivers return them, and their mapping to the public records. The
// column lists cast amounts to text and ids to text in SQL, so pg and PGlite hand back
// the same strings whatever their type parsers do with NUMERIC and uuid.
import type { OutcomeKind, ProviderId } from '../../workflows/domain';
import type {
  CheckoutRecord,
  CheckoutStatus,
  InboundEventReason,
  InboundEventRecord,
  OrderRecord,
} from './types';

type Timestamp = Date | string;

export const CHECKOUT_COLUMNS = `checkout_id, merchant_order_id, provider, amount::text AS amount, currency,
  provider_reference, status, cancel_reason, created_at, updated_at, completed_at, cancelled_at, metadata`;

export const ORDER_COLUMNS = `order_id::text AS order_id, checkout_id, merchant_order_id, provider,
  amount::text AS amount, currency, provider_reference, provider_transaction_id, created_at`;

export const INBOUND_EVENT_COLUMNS = `id::text AS id, provider, checkout_reference, provider_reference,
  raw_status, kind, event_id, reason, payload, received_at`;

export interface CheckoutRow {
  checkout_id: string;
  merchant_order_id: string;
  provider: ProviderId;
  amount: string;
  currency: string;
  provider_reference: string | null;
  status: CheckoutStatus;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  /** jsonb: PostgreSQL's driver parses it, PGlite over the socket may hand back text. */
  metadata?: Record<string, string> | string | null;
}

export interface OrderRow {
  order_id: string;
  checkout_id: string;
  merchant_order_id: string;
  provider: ProviderId;
  amount: string;
  currency: string;
  provider_reference: string | null;
  provider_transaction_id: string | null;
  created_at: Timestamp;
}

export interface InboundEventRow {
  id: string;
  provider: ProviderId;
  checkout_reference: string | null;
  provider_reference: string | null;
  raw_status: string;
  kind: OutcomeKind;
  event_id: string;
  reason: InboundEventReason;
  payload: unknown;
  received_at: Timestamp;
}

function iso(value: Timestamp): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function isoOrNull(value: Timestamp | null): string | null {
  return value === null ? null : iso(value);
}

export function toCheckoutRecord(row: CheckoutRow): CheckoutRecord {
  return {
    checkoutId: row.checkout_id,
    merchantOrderId: row.merchant_order_id,
    provider: row.provider,
    amount: row.amount,
    currency: row.currency,
    providerReference: row.provider_reference,
    status: row.status,
    cancelReason: row.cancel_reason,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    completedAt: isoOrNull(row.completed_at),
    cancelledAt: isoOrNull(row.cancelled_at),
    metadata: metadataOf(row.metadata),
  };
}

function metadataOf(value: CheckoutRow['metadata']): Record<string, string> {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return (parsed ?? {}) as Record<string, string>;
}

export function toOrderRecord(row: OrderRow): OrderRecord {
  return {
    orderId: row.order_id,
    checkoutId: row.checkout_id,
    merchantOrderId: row.merchant_order_id,
    provider: row.provider,
    amount: row.amount,
    currency: row.currency,
    providerReference: row.provider_reference,
    providerTransactionId: row.provider_transaction_id,
    createdAt: iso(row.created_at),
  };
}

export function toInboundEventRecord(row: InboundEventRow): InboundEventRecord {
  return {
    id: row.id,
    provider: row.provider,
    checkoutReference: row.checkout_reference,
    providerReference: row.provider_reference,
    rawStatus: row.raw_status,
    kind: row.kind,
    eventId: row.event_id,
    reason: row.reason,
    payload: row.payload,
    receivedAt: iso(row.received_at),
  };
}
