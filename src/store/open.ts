// Opens the order store: PostgreSQL when a URL is given (production, several workers),
// otherwise embedded PGlite in a local folder (dev stack, single worker). Migrations run
// before the store is handed out, so no caller ever sees an old schema.
import type { SqlDriver } from './driver';
import { createPgDriver } from './driver-pg';
import { DEFAULT_DATA_DIR, createPgliteDriver, pgliteSocketUrl } from './driver-pglite';
import type { PgliteDriver } from './driver-pglite';
import { simpleQueryDriver } from './driver-simple-query';
import { migrate } from './migrate';
import type { MigrationReport } from './migrate';
import { EmbeddedStoreInProductionError } from './embedded-store-errors';
import { createOrderStore } from './order-store';
import type { OrderStore } from './types';

export interface OpenOrderStoreOptions {
  /** postgres://… ; when absent the embedded PGlite store is used. */
  databaseUrl?: string;
  /** PGlite's folder (default ./data/orders), or 'memory://' for tests. Ignored with databaseUrl. */
  dataDir?: string;
  /**
   * PGlite only: also serve the database on this loopback port (0 = any free one) so the
   * gateway can read it (ORDER_STORE_SOCKET_PORT). Ignored with databaseUrl.
   */
  socketPort?: number;
  /** NODE_ENV=production: the embedded store is refused, a DATABASE_URL is required. */
  production?: boolean;
  /** Told how many migrations ran, for start-up logs. */
  onMigrated?: (report: MigrationReport & { kind: SqlDriver['kind'] }) => void;
}

export async function openOrderStore(options: OpenOrderStoreOptions = {}): Promise<OrderStore> {
  const databaseUrl = options.databaseUrl?.trim();
  const socket = options.socketPort === undefined ? undefined : { port: options.socketPort };
  if (!databaseUrl && options.production) throw new EmbeddedStoreInProductionError();
  const driver: SqlDriver | PgliteDriver = databaseUrl
    ? createPgDriver({ connectionString: databaseUrl })
    : await createPgliteDriver(options.dataDir ?? DEFAULT_DATA_DIR, socket);
  try {
    const report = await migrate(driver);
    options.onMigrated?.({ ...report, kind: driver.kind });
  } catch (error) {
    // Do not leak a pool or hold PGlite's folder open when start-up fails.
    await driver.close().catch(() => undefined);
    throw error;
  }
  const { socketUrl } = driver as PgliteDriver;
  return { ...createOrderStore(driver), ...(socketUrl === undefined ? {} : { socketUrl }) };
}

/**
 * The store as a reader in a process that does not own it (the gateway): its own pg pool
 * to DATABASE_URL, or to the owner's PGlite socket. No migrations: the owner (the worker)
 * runs them. Undefined when neither is configured.
 */
export function openOrderStoreReader(options: OpenOrderStoreOptions): OrderStore | undefined {
  const databaseUrl = options.databaseUrl?.trim();
  // Few connections: the gateway reads one row set per request.
  if (databaseUrl) return createOrderStore(createPgDriver({ connectionString: databaseUrl, max: 4 }));
  if (options.socketPort === undefined || options.socketPort === 0) return undefined;
  // One connection: PGlite runs one statement at a time anyway.
  const socket = createPgDriver({ connectionString: pgliteSocketUrl(options.socketPort), max: 1 });
  return createOrderStore(simpleQueryDriver(socket));
}

/**
 * Reads DATABASE_URL, ORDER_STORE_DATA_DIR, ORDER_STORE_SOCKET_PORT and NODE_ENV; empty values
 * count as absent. A socket port that is not a port number is refused, by name.
 */
export function orderStoreOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOrderStoreOptions {
  const port = env.ORDER_STORE_SOCKET_PORT?.trim() || undefined;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) {
    throw new Error('Invalid configuration: ORDER_STORE_SOCKET_PORT must be a port number (0-65535)');
  }
  const socketPort = port === undefined ? undefined : Number(port);
  if (socketPort !== undefined && socketPort > 65535) {
    throw new Error('Invalid configuration: ORDER_STORE_SOCKET_PORT must be a port number (0-65535)');
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    production: env.NODE_ENV === 'production',
    dataDir: env.ORDER_STORE_DATA_DIR || undefined,
    ...(socketPort === undefined ? {} : { socketPort }),
  };
}
