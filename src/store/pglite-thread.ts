// Runs PGlite on its own worker thread and talks to it by messages. Two reasons: PGlite
// loads its wasm glue with dynamic import(), which jest's module sandbox rejects unless
// Node runs with --experimental-vm-modules (pglite issue #224), while a worker thread is
// a plain Node context everywhere; and each query's synchronous wasm work stays off the
// event loop of the process that hosts Temporal activities.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS run with `eval: true`, so it needs no build step in dev, test or dist.
// It executes one request at a time in arrival order (PGlite has one connection anyway).
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const opened = require(workerData.entry).PGlite.create(workerData.dataDir);
let queue = opened;
parentPort.on('message', (request) => {
  queue = queue.then(async (db) => {
    try {
      if (request.op === 'close') {
        if (!db.closed) await db.close();
        parentPort.postMessage({ id: request.id, ok: true });
        return db;
      }
      const result = await db.query(request.sql, request.params);
      parentPort.postMessage({ id: request.id, ok: true, rows: result.rows });
    } catch (error) {
      const { message, code, detail, constraint } = error ?? {};
      const failure = { message: String(message ?? error), code, detail, constraint };
      parentPort.postMessage({ id: request.id, ok: false, error: failure });
    }
    return db;
  });
});
opened.then(
  () => parentPort.postMessage({ id: 0, ok: true }),
  (error) => {
    const failure = { message: String((error && error.message) || error) };
    parentPort.postMessage({ id: 0, ok: false, error: failure });
  },
);
`;

type Request = { op: 'query'; sql: string; params: unknown[] } | { op: 'close' };
type Reply =
  | { id: number; ok: true; rows?: unknown[] }
  | {
      id: number;
      ok: false;
      error: { message: string; code?: string; detail?: string; constraint?: string };
    };

/** PostgreSQL's error fields survive the trip, so callers can still read error.code. */
export class PgliteError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
}

export interface PgliteThread {
  query(sql: string, params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function startPgliteThread(dataDir: string): Promise<PgliteThread> {
  const entry = createRequire(__filename).resolve('@electric-sql/pglite');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { entry, dataDir } });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let stopped: Error | undefined;

  const failAll = (error: Error) => {
    stopped ??= error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.rows ?? []);
    else waiter?.reject(Object.assign(new PgliteError(reply.error.message), reply.error));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`PGlite thread exited (code ${code})`)));

  const send = (request: Request) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });

  // Wait until the database is open (id 0 is the start-up reply).
  await new Promise<unknown[]>((resolve, reject) => pending.set(0, { resolve, reject })).catch(
    async (error: unknown) => {
      await worker.terminate();
      throw error;
    },
  );

  return {
    query: (sql, params) => send({ op: 'query', sql, params }),
    async close() {
      if (stopped) return;
      await send({ op: 'close' });
      stopped = new Error('PGlite thread closed');
      await worker.terminate();
    },
  };
}
