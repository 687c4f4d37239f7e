// The order store's PostgreSQL driver when the server drops a connection in the middle of
// a transaction (a restart, a failover, an idle-in-transaction kill): the transaction
// fails like any store error, so the activity is retried, and the process lives on.
// Found by the chaos soak: the worker died of an unhandled 'error' event instead.
import { Client } from 'pg';
import { createPgDriver } from '../../src/store';
import type { SqlDriver } from '../../src/store/driver';
import { findPostgresBin, startPostgres } from '../helpers/postgres-server';
import type { PostgresServer } from '../helpers/postgres-server';

const bin = findPostgresBin();
const describeWithPostgres = bin ? describe : describe.skip;

describeWithPostgres('pg driver, connection lost inside a transaction', () => {
  let server: PostgresServer;
  let driver: SqlDriver;
  let admin: Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    server = await startPostgres(bin as string);
    driver = createPgDriver({ connectionString: server.url, max: 2 });
    admin = new Client({ connectionString: server.url });
    await admin.connect();
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin?.end();
    await driver?.close();
    await server?.stop();
  });

  it('rejects the transaction, raises nothing unhandled, and the next statement reconnects', async () => {
    const outcome = driver.transaction(async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // The server ends this session while the transaction waits between two statements.
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.query('SELECT 1');
      return 'committed';
    });
    await expect(outcome).rejects.toThrow();
    expect(uncaught).toEqual([]);
    const after = await driver.query<{ one: number }>('SELECT 1 AS one');
    expect(after.rows).toEqual([{ one: 1 }]);
  });
});
