// Why the embedded store (PGlite, one process) cannot serve a deployment: it lives in
// one worker's folder, so a second worker, a restart elsewhere or a scaled-out replica
// would see other orders or none.
export class EmbeddedStoreInProductionError extends Error {
  constructor() {
    super(
      'DATABASE_URL is required with NODE_ENV=production: the embedded order store (ORDER_STORE_DATA_DIR) ' +
        'belongs to a single worker process and is for development only',
    );
    this.name = 'EmbeddedStoreInProductionError';
  }
}
