// SqlDriver over a node-postgres Pool, for DATABASE_URL deployments (several workers
// sharing one server). Concurrency control is PostgreSQL's own: row locks and unique keys.
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import type { QueryResult, SqlDriver, SqlExecutor } from './driver';

export interface PgDriverOptions {
  connectionString: string;
  /** Pool size; the default suits one worker process. */
  max?: number;
  /** Where background connection errors go (see below). */
  onPoolError?: (error: Error) => void;
}

function executor(client: Pick<PoolClient, 'query'>): SqlExecutor {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows as T[] };
    },
  };
}

export function createPgDriver(options: PgDriverOptions): SqlDriver {
  const pool = new Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle client that loses its server emits 'error' on the pool; unhandled, that
  // would crash the worker. The pool discards the client and the next query reconnects.
  const onError = options.onPoolError ?? (() => undefined);
  pool.on('error', onError);
  // A checked-out client is off the pool's idle listener: when its server goes away between
  // two statements of a transaction, it emits 'error' itself, and unheard that crashes the
  // worker. Each client gets one listener of its own for life; the failed statement (or the
  // next one) rejects, so the activity fails and Temporal retries it.
  const guarded = new WeakSet<PoolClient>();
  const checkOut = async (): Promise<PoolClient> => {
    const client = await pool.connect();
    if (!guarded.has(client)) {
      guarded.add(client);
      client.on('error', onError);
    }
    return client;
  };
  const direct = executor(pool);

  return {
    kind: 'pg',
    query: direct.query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await checkOut();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection's state is unknown: destroy it
        // (release with an error) rather than hand it to the next caller.
        const rollback = await client.query('ROLLBACK').then(
          () => undefined,
          (rollbackError: unknown) => rollbackError,
        );
        client.release(rollback instanceof Error ? rollback : undefined);
        throw error;
      }
    },
    async close(): Promise<void> {
      // pool.end() throws when called twice; shutdown paths may overlap.
      if (!pool.ended) await pool.end();
    },
  };
}
