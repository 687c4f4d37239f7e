// Opens the order store: PostgreSQL when a URL is given (production, several workers),
// otherwise embedded PGlite in a local folder (dev stack, single worker). Migrations run
// before the store is handed out, so no caller ever sees an old schema.
import type { SqlDriver } from './driver';
import { createPgDriver } from './driver-pg';
import { DEFAULT_DATA_DIR, createPgliteDriver } from './driver-pglite';
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
  /** NODE_ENV=production: the embedded store is refused, a DATABASE_URL is required. */
  production?: boolean;
  /** Told how many migrations ran, for start-up logs. */
  onMigrated?: (report: MigrationReport & { kind: SqlDriver['kind'] }) => void;
}

export async function openOrderStore(options: OpenOrderStoreOptions = {}): Promise<OrderStore> {
  const databaseUrl = options.databaseUrl?.trim();
  if (!databaseUrl && options.production) throw new EmbeddedStoreInProductionError();
  const driver = databaseUrl
    ? createPgDriver({ connectionString: databaseUrl })
    : await createPgliteDriver(options.dataDir ?? DEFAULT_DATA_DIR);
  try {
    const report = await migrate(driver);
    options.onMigrated?.({ ...report, kind: driver.kind });
  } catch (error) {
    // Do not leak a pool or hold PGlite's folder open when start-up fails.
    await driver.close().catch(() => undefined);
    throw error;
  }
  return createOrderStore(driver);
}

/** Reads DATABASE_URL, ORDER_STORE_DATA_DIR and NODE_ENV; empty values count as absent. */
export function orderStoreOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOrderStoreOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    production: env.NODE_ENV === 'production',
    dataDir: env.ORDER_STORE_DATA_DIR || undefined,
  };
}
