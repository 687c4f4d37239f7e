// Public surface of the order store.
export { openOrderStore, openOrderStoreReader, orderStoreOptionsFromEnv } from './open';
export type { OpenOrderStoreOptions } from './open';
export { createOrderStore } from './order-store';
export { createPgDriver } from './driver-pg';
export { createPgliteDriver, DEFAULT_DATA_DIR } from './driver-pglite';
export { migrate } from './migrate';
export type { MigrationReport } from './migrate';
export { MIGRATIONS } from './migrations';
export type { Migration } from './migrations';
export { CheckoutMismatchError, InvalidStoreInputError } from './errors';
export type { QueryResult, SqlDriver, SqlExecutor } from './driver';
export type * from './types';
export { decodeCheckoutCursor, encodeCheckoutCursor } from './checkout-cursor';
export { StoreFolderLockedError } from './folder-lock';
export { EmbeddedStoreInProductionError } from './embedded-store-errors';
