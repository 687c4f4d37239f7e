// The one seam between the order store and a database. Both implementations run the
// same SQL text ($1-style parameters, one statement per call), so the store cannot
// drift between the embedded default and a real PostgreSQL server.

export interface QueryResult<T> {
  rows: T[];
}

/** Something that runs one statement: the driver itself, or an open transaction. */
export interface SqlExecutor {
  query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface SqlDriver extends SqlExecutor {
  /** 'pg' for a server reached by URL, 'pglite' for the embedded database. */
  readonly kind: 'pg' | 'pglite';
  /**
   * Runs fn inside BEGIN … COMMIT on one connection; any throw rolls back and rethrows.
   * Statements inside must go through tx, never through the driver (PGlite would wait
   * on itself, and pg would run them outside the transaction).
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
