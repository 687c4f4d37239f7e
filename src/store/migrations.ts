// The order store's schema, as an ordered list of migrations. Append only: a migration
// that has shipped is never edited, because databases that already ran it will not run
// it again. Each statement is separate because PGlite's query() takes one at a time.

import { INBOUND_CLAIMS_MIGRATION } from './inbound-claims-migration';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'checkouts, orders, inbound events',
    statements: [
      // One row per checkout attempt: the "cart" table of WeGetFinancing's recommended
      // strategy. Amounts are NUMERIC, never float; the CHECKs make "completed and
      // cancelled at once" unrepresentable whatever the code does.
      `CREATE TABLE checkouts (
        checkout_id text PRIMARY KEY,
        merchant_order_id text NOT NULL,
        provider text NOT NULL,
        amount numeric(14, 2) NOT NULL CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        provider_reference text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'cancelled')),
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        cancelled_at timestamptz,
        CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
      )`,
      `CREATE INDEX checkouts_merchant_order_id_idx ON checkouts (merchant_order_id)`,
      // Only fulfilled orders: a row appears here only after a verified approval.
      // UNIQUE (checkout_id) is the "exactly one order per checkout" guarantee.
      `CREATE TABLE orders (
        order_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        checkout_id text NOT NULL UNIQUE REFERENCES checkouts (checkout_id),
        merchant_order_id text NOT NULL,
        provider text NOT NULL,
        amount numeric(14, 2) NOT NULL CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        provider_reference text,
        provider_transaction_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX orders_merchant_order_id_idx ON orders (merchant_order_id)`,
      // Events for closed or unknown checkouts, kept for operations. A provider's
      // redelivery carries the same event id, so it lands once.
      `CREATE TABLE inbound_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider text NOT NULL,
        checkout_reference text,
        provider_reference text,
        raw_status text NOT NULL,
        kind text NOT NULL,
        event_id text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('unknownCheckout', 'closedCheckout')),
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, event_id)
      )`,
    ],
  },
  {
    version: 2,
    name: 'payment operations',
    statements: [
      // Every money movement after the order (capture, refund, void, a refund the
      // provider reported, a shipment), kept here so it outlives Temporal's retention.
      // The operation id is the payment workflow's own, so a retried write lands once.
      `CREATE TABLE payment_operations (
        operation_id text PRIMARY KEY,
        checkout_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('capture', 'refund', 'void', 'providerRefund', 'shipment')),
        amount numeric(14, 2) CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        provider text NOT NULL,
        provider_operation_id text,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX payment_operations_checkout_id_idx ON payment_operations (checkout_id)`,
    ],
  },
  {
    version: 4,
    name: 'merchant events',
    statements: [
      // Outbound merchant webhooks: one row per event id, its per-checkout sequence
      // number assigned once; `position` orders the list newest first across checkouts.
      `CREATE TABLE merchant_events (
        id text PRIMARY KEY,
        position bigserial NOT NULL UNIQUE,
        checkout_id text NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        type text NOT NULL,
        created_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        delivered_at timestamptz,
        UNIQUE (checkout_id, seq)
      )`,
      `CREATE INDEX merchant_events_type_idx ON merchant_events (type, position)`,
      // Every HTTP attempt, so a merchant (GET /events) sees what we sent and what came back.
      `CREATE TABLE merchant_event_attempts (
        event_id text NOT NULL REFERENCES merchant_events (id),
        attempt integer NOT NULL CHECK (attempt > 0),
        attempted_at timestamptz NOT NULL,
        status_code integer,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        error_class text,
        PRIMARY KEY (event_id, attempt)
      )`,
    ],
  },
  {
    version: 5,
    name: 'checkout metadata, checkout list index, idempotency keys',
    statements: [
      // The merchant's labels on a checkout (at most 20 short strings, checked upstream).
      `ALTER TABLE checkouts ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}'::jsonb`,
      // GET /checkouts pages newest first on (created_at, checkout_id).
      `CREATE INDEX checkouts_created_at_idx ON checkouts (created_at DESC, checkout_id DESC)`,
      // Idempotency-Key of a merchant request, per API key (scope: a digest, never the key):
      // the route and body fingerprint it came with, and the answer once there is one.
      `CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        idempotency_key text NOT NULL,
        route text NOT NULL,
        request_hash text NOT NULL,
        response_status integer CHECK (response_status BETWEEN 200 AND 299),
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, idempotency_key),
        CHECK ((response_status IS NULL) = (response_body IS NULL))
      )`,
    ],
  },
  {
    version: 6,
    name: 'payments after cancel',
    statements: [
      // A verified payment that reached a cancelled checkout (its session could still be
      // paid), and what became of it; kept here so it outlives Temporal's retention. The
      // provider's event id lands once, from the checkout or from the closed-checkout record.
      `CREATE TABLE paid_after_cancel (
        provider text NOT NULL,
        event_id text NOT NULL,
        checkout_id text NOT NULL,
        amount numeric(14, 2) CHECK (amount >= 0),
        currency text CHECK (currency ~ '^[A-Z]{3}$'),
        action text NOT NULL CHECK (action IN ('voided', 'cancelledAtProvider', 'refundAtProvider')),
        reference text NOT NULL,
        detail text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, event_id)
      )`,
      `CREATE INDEX paid_after_cancel_checkout_id_idx ON paid_after_cancel (checkout_id)`,
    ],
  },
  INBOUND_CLAIMS_MIGRATION,
];
