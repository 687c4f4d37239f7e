// Outbound merchant events in the order store: one row per event id (written once, its
// per-checkout sequence number assigned then), and one row per HTTP attempt to deliver
// it. The gateway lists them (GET /events); the delivery workflow writes through its
// activities. Newest first by `position`, a global insertion counter the cursor names.
import { z } from 'zod';
import { MERCHANT_EVENT_TYPES } from '../../workflows/merchant-events/contract';
import type { SqlDriver, SqlExecutor } from './driver';
import { toJsonText } from './json';
import { parseInput } from './schemas';
import type {
  MerchantEventAttempt,
  MerchantEventList,
  MerchantEventRecord,
  MerchantEventStore,
} from './merchant-event-types';

const id = z.string().trim().min(1).max(300);

const recordSchema = z.object({
  id,
  checkoutId: id,
  type: z.enum(MERCHANT_EVENT_TYPES),
  data: z.record(z.unknown()),
  createdAt: z.string().datetime(),
});

const attemptSchema = z.object({
  eventId: id,
  attemptedAt: z.string().datetime(),
  statusCode: z.number().int().min(100).max(599).optional(),
  durationMs: z.number().int().min(0),
  errorClass: z.string().min(1).max(40).optional(),
  delivered: z.boolean(),
});

const listSchema = z.object({
  checkoutId: id.optional(),
  type: z.enum(MERCHANT_EVENT_TYPES).optional(),
  /** Only events older than this position (the previous page's cursor). */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(100),
});

const EVENT_COLUMNS = `id, position::text AS position, checkout_id, seq, type, created_at, data, status,
  attempts, delivered_at`;

interface EventRow {
  id: string;
  position: string;
  checkout_id: string;
  seq: number;
  type: MerchantEventRecord['type'];
  created_at: string | Date;
  data: Record<string, unknown>;
  status: MerchantEventRecord['status'];
  attempts: number;
  delivered_at: string | Date | null;
}

interface AttemptRow {
  event_id: string;
  attempt: number;
  attempted_at: string | Date;
  status_code: number | null;
  duration_ms: number;
  error_class: string | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

function toEvent(row: EventRow, attempts: MerchantEventAttempt[] = []): MerchantEventRecord {
  return {
    id: row.id,
    position: Number(row.position),
    checkoutId: row.checkout_id,
    seq: Number(row.seq),
    type: row.type,
    createdAt: iso(row.created_at),
    data: row.data,
    status: row.status,
    attemptCount: Number(row.attempts),
    deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
    attempts,
  };
}

function toAttempt(row: AttemptRow): MerchantEventAttempt {
  return {
    attempt: Number(row.attempt),
    attemptedAt: iso(row.attempted_at),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    durationMs: Number(row.duration_ms),
    errorClass: row.error_class,
  };
}

async function readEvent(db: SqlExecutor, eventId: string): Promise<EventRow | undefined> {
  const result = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM merchant_events WHERE id = $1`, [
    eventId,
  ]);
  return result.rows[0];
}

async function attemptsOf(db: SqlExecutor, eventIds: string[]): Promise<Map<string, MerchantEventAttempt[]>> {
  const byEvent = new Map<string, MerchantEventAttempt[]>();
  if (eventIds.length === 0) return byEvent;
  const result = await db.query<AttemptRow>(
    `SELECT event_id, attempt, attempted_at, status_code, duration_ms, error_class
     FROM merchant_event_attempts WHERE event_id = ANY($1::text[]) ORDER BY event_id, attempt`,
    [eventIds],
  );
  for (const row of result.rows)
    byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), toAttempt(row)]);
  return byEvent;
}

export function createMerchantEvents(driver: SqlDriver): MerchantEventStore {
  return {
    async recordMerchantEvent(raw) {
      const input = parseInput('recordMerchantEvent', recordSchema, raw);
      return driver.transaction(async (tx) => {
        const existing = await readEvent(tx, input.id);
        if (existing) return { created: false, event: toEvent(existing) };
        // One writer per checkout at a time, so two events never take the same number.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [input.checkoutId]);
        const next = await tx.query<{ seq: number }>(
          'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM merchant_events WHERE checkout_id = $1',
          [input.checkoutId],
        );
        await tx.query(
          `INSERT INTO merchant_events (id, checkout_id, seq, type, created_at, data)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
          [
            input.id,
            input.checkoutId,
            Number(next.rows[0]?.seq ?? 1),
            input.type,
            input.createdAt,
            toJsonText('recordMerchantEvent', input.data),
          ],
        );
        return { created: true, event: toEvent((await readEvent(tx, input.id)) as EventRow) };
      });
    },

    async getMerchantEvent(rawId) {
      const eventId = parseInput('getMerchantEvent', id, rawId);
      const row = await readEvent(driver, eventId);
      if (!row) return undefined;
      return toEvent(row, (await attemptsOf(driver, [eventId])).get(eventId));
    },

    async recordMerchantEventAttempt(raw) {
      const input = parseInput('recordMerchantEventAttempt', attemptSchema, raw);
      return driver.transaction(async (tx) => {
        const counted = await tx.query<{ attempts: number }>(
          `UPDATE merchant_events SET attempts = attempts + 1,
             status = CASE WHEN $2 THEN 'delivered' ELSE status END,
             delivered_at = CASE WHEN $2 THEN COALESCE(delivered_at, $3::timestamptz) ELSE delivered_at END
           WHERE id = $1 RETURNING attempts`,
          [input.eventId, input.delivered, input.attemptedAt],
        );
        const attempt = counted.rows[0]?.attempts;
        if (attempt === undefined) return { recorded: false };
        await tx.query(
          `INSERT INTO merchant_event_attempts (event_id, attempt, attempted_at, status_code, duration_ms, error_class)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            input.eventId,
            Number(attempt),
            input.attemptedAt,
            input.statusCode ?? null,
            input.durationMs,
            input.errorClass ?? null,
          ],
        );
        return { recorded: true };
      });
    },

    async markMerchantEventFailed(rawId) {
      const eventId = parseInput('markMerchantEventFailed', id, rawId);
      // A delivery that succeeded meanwhile (a redelivery) stays delivered.
      const result = await driver.query<{ id: string }>(
        `UPDATE merchant_events SET status = 'failed' WHERE id = $1 AND status <> 'delivered' RETURNING id`,
        [eventId],
      );
      return { updated: result.rows.length > 0 };
    },

    async listMerchantEvents(raw): Promise<MerchantEventList> {
      const query = parseInput('listMerchantEvents', listSchema, raw);
      const result = await driver.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM merchant_events
         WHERE ($1::text IS NULL OR checkout_id = $1) AND ($2::text IS NULL OR type = $2)
           AND ($3::bigint IS NULL OR position < $3)
         ORDER BY position DESC LIMIT $4`,
        [query.checkoutId ?? null, query.type ?? null, query.before ?? null, query.limit + 1],
      );
      const rows = result.rows.slice(0, query.limit);
      const attempts = await attemptsOf(
        driver,
        rows.map((row) => row.id),
      );
      const events = rows.map((row) => toEvent(row, attempts.get(row.id)));
      const more = result.rows.length > query.limit;
      return { events, nextBefore: more ? events[events.length - 1]?.position : undefined };
    },
  };
}
