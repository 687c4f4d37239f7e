// Migration versions are handed out to work done in parallel, so the list may have gaps
// (this branch ships 4 before 3 lands); each missing version is applied once, whenever
// it appears. A list out of order, or with a repeat, still refuses to run.
import type { Migration } from '../../src/store';
import { createPgliteDriver, migrate } from '../../src/store';

const table = (version: number): Migration => ({
  version,
  name: `probe ${version}`,
  statements: [`CREATE TABLE probe_${version} (id integer PRIMARY KEY)`],
});

it('applies versions with a gap, and the missing one later, each once', async () => {
  const driver = await createPgliteDriver('memory://');
  try {
    expect(await migrate(driver, [table(1), table(4)])).toEqual({ applied: [1, 4], skipped: [] });
    expect(await migrate(driver, [table(1), table(3), table(4)])).toEqual({ applied: [3], skipped: [1, 4] });
    const tables = await driver.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'probe_%' ORDER BY tablename`,
    );
    expect(tables.rows.map((row) => row.name)).toEqual(['probe_1', 'probe_3', 'probe_4']);
  } finally {
    await driver.close();
  }
});

it('refuses a list out of order or with a repeated version, before running anything', async () => {
  const driver = await createPgliteDriver('memory://');
  try {
    await expect(migrate(driver, [table(2), table(1)])).rejects.toThrow(/version 1, expected more than 2/);
    await expect(migrate(driver, [table(1), table(1)])).rejects.toThrow(/expected more than 1/);
    const ran = await driver.query(`SELECT 1 FROM pg_tables WHERE tablename = 'schema_migrations'`);
    expect(ran.rows).toEqual([]);
  } finally {
    await driver.close();
  }
});
