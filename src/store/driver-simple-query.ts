// A SqlDriver for reading the embedded PGlite over pglite-socket. That socket multiplexes
// every client onto PGlite's ONE session message by message, so the extended protocol a
// parameterised query uses (Parse, Bind, Execute, Sync: several messages) could interleave
// with another client's and bind its statement. A simple Query is one message, so this
// driver inlines the parameters as escaped literals and sends only simple queries. It
// runs single statements and refuses transactions: its one user (the gateway) only reads.
import { escapeLiteral } from 'pg';
import type { QueryResult, SqlDriver } from './driver';

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' && Number.isFinite(value)) return escapeLiteral(String(value));
  if (typeof value === 'string') return escapeLiteral(value);
  throw new TypeError(`cannot inline a ${typeof value} parameter`);
}

/** `$1`-style placeholders replaced by literals; the store's read SQL has no `$` of its own. */
export function inlineParameters(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const position = Number(index) - 1;
    if (position >= params.length) throw new RangeError(`no value for placeholder $${index}`);
    return literal(params[position]);
  });
}

export function simpleQueryDriver(inner: SqlDriver): SqlDriver {
  return {
    kind: inner.kind,
    query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      return inner.query<T>(inlineParameters(sql, params));
    },
    transaction(): Promise<never> {
      return Promise.reject(new Error('the order store reader over pglite-socket is read-only'));
    },
    close: () => inner.close(),
  };
}
