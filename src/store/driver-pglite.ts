// SqlDriver over PGlite: real PostgreSQL compiled to wasm, running inside this process
// (on its own thread, see pglite-thread.ts) with its files in a local folder. It has
// exactly one connection, so this driver queues every statement and transaction: a
// transaction holds the queue from BEGIN to COMMIT, and nothing else can slip in.
import { mkdir } from 'node:fs/promises';
import type { QueryResult, SqlDriver, SqlExecutor } from './driver';
import { lockStoreFolder } from './folder-lock';
import { PGLITE_SOCKET_HOST, startPgliteThread } from './pglite-thread';
import type { PgliteSocketOptions } from './pglite-thread';

export const DEFAULT_DATA_DIR = './data/orders';
const MEMORY = 'memory://';

/** A FIFO lock: each task starts after the previous one settled. */
function createQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** SqlDriver plus, when serving, where other processes reach the same database. */
export type PgliteDriver = SqlDriver & { socketUrl?: string };

/**
 * dataDir: a folder (created if missing) or 'memory://' for a throwaway database.
 * socket: also serve it on a loopback port (pglite-thread.ts), for the gateway's reads.
 */
export async function createPgliteDriver(
  dataDir: string = DEFAULT_DATA_DIR,
  socket?: PgliteSocketOptions,
): Promise<PgliteDriver> {
  // PGlite creates only the last path segment itself.
  if (!dataDir.startsWith(MEMORY)) await mkdir(dataDir, { recursive: true });
  // One process per folder (folder-lock.ts); a throwaway in-memory database needs none.
  const lock = dataDir.startsWith(MEMORY) ? undefined : await lockStoreFolder(dataDir);
  const thread = await startPgliteThread(dataDir, socket).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  const { socketPort } = thread;
  const exclusive = createQueue();

  const inside: SqlExecutor = {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      return { rows: (await thread.query(sql, [...params])) as T[] };
    },
  };

  return {
    kind: 'pglite',
    ...(socketPort === undefined ? {} : { socketUrl: pgliteSocketUrl(socketPort) }),
    query: (sql, params) => exclusive(() => inside.query(sql, params)),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return exclusive(async () => {
        await inside.query('BEGIN');
        try {
          const result = await fn(inside);
          await inside.query('COMMIT');
          return result;
        } catch (error) {
          // After a failed COMMIT there is no transaction left; the ROLLBACK is then a
          // harmless warning, and a dead thread already lost the transaction.
          await inside.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    // Queued so that a close waits for work in flight; a second close is a no-op.
    close: () =>
      exclusive(async () => {
        await thread.close();
        await lock?.release();
      }),
  };
}

/** The URL a pg client uses for a PGlite served on this loopback port. */
export function pgliteSocketUrl(port: number): string {
  return `postgres://postgres@${PGLITE_SOCKET_HOST}:${port}/postgres`;
}
