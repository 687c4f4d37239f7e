// Migration 7: indexes for claiming recorded events. Every checkout looks up the
// unknown-checkout records of its provider reference when it opens, and every such record
// looks up the open checkout of its reference, so neither may scan its whole table.
import type { Migration } from './migrations';

export const INBOUND_CLAIMS_MIGRATION: Migration = {
  version: 7,
  name: 'indexes for claiming recorded events',
  statements: [
    `CREATE INDEX IF NOT EXISTS inbound_events_unknown_reference_idx
       ON inbound_events (provider, provider_reference) WHERE reason = 'unknownCheckout'`,
    `CREATE INDEX IF NOT EXISTS checkouts_provider_reference_idx
       ON checkouts (provider, provider_reference) WHERE provider_reference IS NOT NULL`,
  ],
};
