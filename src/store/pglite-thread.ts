// Runs PGlite on its own worker thread and talks to it by messages. Two reasons: PGlite
// loads its wasm glue with dynamic import(), which jest's module sandbox rejects unless
// Node runs with --experimental-vm-modules (pglite issue #224), while a worker thread is
// a plain Node context everywhere; and each query's synchronous wasm work stays off the
// event loop of the process that hosts Temporal activities.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS run with `eval: true`, so it needs no build step in dev, test or dist.
// It executes one request at a time in arrival order (PGlite has one connection anyway).
//
// With `socket` set it also serves the database over the Postgres wire protocol
// (pglite-socket) on loopback, so another process (the gateway) can read the store this
// process owns. PGlite has ONE session for everyone, so a gate keeps the two kinds of
// traffic apart: an owner's transaction holds the gate from BEGIN to COMMIT/ROLLBACK
// (read from the session's own isInTransaction), and every socket message waits for it.
// Socket clients therefore never see, join or abort the owner's open transaction.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const opened = require(workerData.entry).PGlite.create(workerData.dataDir);
let tail = Promise.resolve();
function acquireGate() {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const ready = tail.then(() => release);
  tail = tail.then(() => held);
  return ready;
}
let ownerHolds = null;
let socketHolds = null;
async function underGate(db, holder, run) {
  const current = holder === 'owner' ? ownerHolds : socketHolds;
  const release = current || (await acquireGate());
  try {
    return await run();
  } finally {
    // Still inside a transaction: keep the gate until it ends.
    const keep = db.isInTransaction() ? release : null;
    if (holder === 'owner') ownerHolds = keep;
    else socketHolds = keep;
    if (!keep) release();
  }
}
// PGlite's one session was started when it opened. A client's startup message replayed
// into it while another client's query is under way leaves that other connection out of
// step (pglite-socket 0.0.22: its next answer never arrives), so startups are answered
// here (AuthenticationOk, ReadyForQuery idle) and a client's Terminate is not forwarded.
const PROTOCOL_3 = 0x00030000;
function isStartup(message) {
  return message.length >= 8 && Buffer.from(message.buffer, message.byteOffset, 8).readInt32BE(4) === PROTOCOL_3;
}
const STARTUP_REPLY = new Uint8Array([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);
const TERMINATE = 0x58;
let server = null;
async function startSocket(db) {
  if (!workerData.socket) return undefined;
  const { PGLiteSocketServer } = require(workerData.socketEntry);
  const gated = new Proxy(db, {
    get(target, key) {
      if (key === 'runExclusive') return (fn) => underGate(target, 'socket', () => target.runExclusive(fn));
      // The multiplexer keeps a client that is inside a transaction in front of the others,
      // and otherwise stops processing (it would stall on the owner's transaction). Socket
      // clients are single-statement readers (driver-simple-query.ts), so it never has to.
      if (key === 'isInTransaction') return () => false;
      if (key === 'execProtocolRaw')
        return (message, options) => {
          if (isStartup(message)) return Promise.resolve(STARTUP_REPLY);
          if (message[0] === TERMINATE) return Promise.resolve(new Uint8Array(0));
          return target.execProtocolRaw(message, options);
        };
      // The multiplexer's ROLLBACK for a client that left inside its transaction.
      if (key === 'exec') return (sql, options) => underGate(target, 'socket', () => target.exec(sql, options));
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  server = new PGLiteSocketServer({
    db: gated,
    host: workerData.socket.host,
    port: workerData.socket.port,
    maxConnections: workerData.socket.maxConnections,
  });
  let bound;
  server.addEventListener('listening', (event) => (bound = event.detail && event.detail.port));
  await server.start();
  return bound === undefined ? workerData.socket.port : bound;
}
const ready = opened.then(async (db) => ({ db, port: await startSocket(db) }));
let queue = ready.then(({ db }) => db);
parentPort.on('message', (request) => {
  queue = queue.then(async (db) => {
    try {
      if (request.op === 'close') {
        if (server) await server.stop();
        server = null;
        if (!db.closed) await db.close();
        parentPort.postMessage({ id: request.id, ok: true });
        return db;
      }
      const result = await underGate(db, 'owner', () => db.query(request.sql, request.params));
      parentPort.postMessage({ id: request.id, ok: true, rows: result.rows });
    } catch (error) {
      const { message, code, detail, constraint } = error ?? {};
      const failure = { message: String(message ?? error), code, detail, constraint };
      parentPort.postMessage({ id: request.id, ok: false, error: failure });
    }
    return db;
  });
});
ready.then(
  ({ port }) => parentPort.postMessage({ id: 0, ok: true, port }),
  (error) => {
    const failure = { message: String((error && error.message) || error) };
    parentPort.postMessage({ id: 0, ok: false, error: failure });
  },
);
`;

type Request = { op: 'query'; sql: string; params: unknown[] } | { op: 'close' };
type Reply =
  | { id: number; ok: true; rows?: unknown[]; port?: number }
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
  /** The loopback port the database is served on, when a socket was asked for. */
  socketPort?: number;
  close(): Promise<void>;
}

/** Serving the database to other processes (pglite-socket), loopback only. */
export interface PgliteSocketOptions {
  /** 0 picks a free port. */
  port: number;
  /** Concurrent client connections (pglite-socket's own default is 1). */
  maxConnections?: number;
}

export const PGLITE_SOCKET_HOST = '127.0.0.1';

export async function startPgliteThread(
  dataDir: string,
  socket?: PgliteSocketOptions,
): Promise<PgliteThread> {
  const resolveModule = createRequire(__filename).resolve;
  const workerData = {
    entry: resolveModule('@electric-sql/pglite'),
    socketEntry: resolveModule('@electric-sql/pglite-socket'),
    dataDir,
    socket: socket && {
      host: PGLITE_SOCKET_HOST,
      port: socket.port,
      maxConnections: socket.maxConnections ?? 16,
    },
  };
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData });
  let socketPort: number | undefined;
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
    if (reply.ok && reply.id === 0) socketPort = reply.port;
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
    socketPort,
    async close() {
      if (stopped) return;
      await send({ op: 'close' });
      stopped = new Error('PGlite thread closed');
      await worker.terminate();
    },
  };
}
