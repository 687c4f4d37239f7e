// The order store on a real PostgreSQL server (a throwaway cluster started here). This
// is what production runs with DATABASE_URL, and the only place where two processes'
// connections really race: concurrent start-up migrations and cross-pool completions.
import { Client } from 'pg';
import { MIGRATIONS, createPgDriver, openOrderStore } from '../../src/store';
import type { MigrationReport, OrderStore } from '../../src/store';
import { orderStoreContract } from './contract';
import { driverContract } from './driver-contract';
import { newCheckout } from './fixtures';
import { findPostgresBin, startPostgres } from '../helpers/postgres-server';
import type { PostgresServer } from '../helpers/postgres-server';

const bin = findPostgresBin();
if (!bin) {
  console.warn(
    'SKIPPING the PostgreSQL variant of the order store tests: initdb/pg_ctl/postgres not found ' +
      '(on PATH or in /usr/lib/postgresql/*/bin). Install them with `apt-get install -y postgresql`.',
  );
}
const describeWithPostgres = bin ? describe : describe.skip;

describeWithPostgres('order store on PostgreSQL', () => {
  let server: PostgresServer;
  let store: OrderStore;

  async function createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return server.urlFor(name);
  }

  beforeAll(async () => {
    server = await startPostgres(bin as string);
    console.info(`PostgreSQL test server on port ${server.port}, ready in ${server.startupMs} ms`);
    store = await openOrderStore({ databaseUrl: await createDatabase('contract') });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('is the server store', () => {
    expect(store.kind).toBe('pg');
  });

  orderStoreContract(() => store);

  describe('pg driver', () => {
    driverContract(async () => createPgDriver({ connectionString: await createDatabase('driver') }));
  });

  it('migrates once when several processes start at the same time', async () => {
    const url = await createDatabase('startup_race');
    const reports: MigrationReport[] = [];
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        openOrderStore({ databaseUrl: url, onMigrated: (r) => reports.push(r) }),
      ),
    );
    try {
      const versions = MIGRATIONS.map((m) => m.version);
      // Each migration takes the lock on its own, so the four may share the work out
      // (one applies 1-2, another 4-7): what must hold is that every version is applied
      // exactly once in all, and that every process saw every version, applied or skipped.
      expect(reports).toHaveLength(4);
      expect(reports.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(versions);
      for (const r of reports) {
        expect([...r.applied, ...r.skipped].sort((a, b) => a - b)).toEqual(versions);
      }

      // Two pools (as two workers would have) racing to complete one checkout.
      const checkout = newCheckout();
      const results = await Promise.all(
        stores.flatMap((s) => Array.from({ length: 5 }, () => s.completeOrder(checkout))),
      );
      const ids = new Set(results.map((r) => (r.outcome === 'completed' ? r.orderId : r.outcome)));
      expect(ids.size).toBe(1);
      expect(await stores[0]?.countOrders(checkout.checkoutId)).toBe(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('does not re-apply migrations when re-opened', async () => {
    const url = server.urlFor('contract');
    const reports: MigrationReport[] = [];
    const again = await openOrderStore({ databaseUrl: url, onMigrated: (r) => reports.push(r) });
    await again.close();
    expect(reports).toEqual([{ applied: [], skipped: MIGRATIONS.map((m) => m.version), kind: 'pg' }]);
  });
});
