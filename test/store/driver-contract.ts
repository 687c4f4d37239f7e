// Contract for a bare SqlDriver plus the migration runner on it: what the order store
// relies on from either database.
import { MIGRATIONS, migrate } from '../../src/store';
import type { SqlDriver } from '../../src/store';

export function driverContract(openDriver: () => Promise<SqlDriver>): void {
  let driver: SqlDriver;
  beforeAll(async () => {
    driver = await openDriver();
  });
  afterAll(async () => {
    await driver.close();
  });

  it('migrations apply once and are skipped when run again', async () => {
    const versions = MIGRATIONS.map((m) => m.version);
    const first = await migrate(driver);
    const second = await migrate(driver);
    // A shared server may have been migrated by another suite already.
    expect([...first.applied, ...first.skipped]).toEqual(versions);
    expect(second).toEqual({ applied: [], skipped: versions });
    const rows = await driver.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM schema_migrations',
    );
    expect(rows.rows[0]?.count).toBe(MIGRATIONS.length);
  });

  it('rolls a transaction back when its callback throws', async () => {
    await driver.query('CREATE TABLE IF NOT EXISTS driver_probe (k text PRIMARY KEY, v numeric(14, 2))');
    const failing = driver.transaction(async (tx) => {
      await tx.query('INSERT INTO driver_probe (k, v) VALUES ($1, $2)', ['rolled-back', '1.00']);
      throw new Error('crash mid-transaction');
    });
    await expect(failing).rejects.toThrow('crash mid-transaction');
    const rows = await driver.query('SELECT k FROM driver_probe WHERE k = $1', ['rolled-back']);
    expect(rows.rows).toEqual([]);
  });

  it('keeps concurrent transactions apart and returns their values', async () => {
    await driver.query('CREATE TABLE IF NOT EXISTS driver_counter (id int PRIMARY KEY, n int NOT NULL)');
    await driver.query(
      'INSERT INTO driver_counter (id, n) VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0',
    );
    // Read-then-write under a row lock: lost updates would show as a total below 10.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        driver.transaction(async (tx) => {
          const row = await tx.query<{ n: number }>('SELECT n FROM driver_counter WHERE id = 1 FOR UPDATE');
          await tx.query('UPDATE driver_counter SET n = $1 WHERE id = 1', [(row.rows[0]?.n ?? 0) + 1]);
          return i;
        }),
      ),
    );
    expect(results).toEqual([...Array(10).keys()]);
    const total = await driver.query<{ n: number }>('SELECT n FROM driver_counter WHERE id = 1');
    expect(total.rows[0]?.n).toBe(10);
  });

  it('surfaces PostgreSQL errors with their SQLSTATE code', async () => {
    await driver.query('CREATE TABLE IF NOT EXISTS driver_unique (k text PRIMARY KEY)');
    await driver.query('INSERT INTO driver_unique (k) VALUES ($1) ON CONFLICT DO NOTHING', ['dup']);
    await expect(driver.query('INSERT INTO driver_unique (k) VALUES ($1)', ['dup'])).rejects.toMatchObject({
      code: '23505',
    });
    // The connection is usable afterwards, inside and outside transactions.
    const inTx = driver.transaction((tx) => tx.query('INSERT INTO driver_unique (k) VALUES ($1)', ['dup']));
    await expect(inTx).rejects.toMatchObject({ code: '23505' });
    expect((await driver.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  // Last: it closes the shared driver (afterAll's close is then a no-op).
  it('closes once, tolerates a second close, and refuses work afterwards', async () => {
    await driver.close();
    await driver.close();
    await expect(driver.query('SELECT 1')).rejects.toThrow();
  });
}
