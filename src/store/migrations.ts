// The order store's schema, as an ordered list of migrations. Append only: a migration
// that has shipped is never edited, because databases that already ran it will not run
// it again. Each statement is separate because PGlite's query() takes one at a time.

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
];
