// Migration versions are handed out to changes made in parallel, so they may land with
// gaps; they must still only grow, and a list that does not is refused before any runs.
import { createPgliteDriver, migrate } from '../../src/store';
import type { SqlDriver } from '../../src/store';

const probe = (version: number, table: string) => ({
  version,
  name: `probe ${table}`,
  statements: [`CREATE TABLE ${table} (k text PRIMARY KEY)`],
});

describe('migration order', () => {
  let driver: SqlDriver;
  beforeAll(async () => {
    driver = await createPgliteDriver('memory://');
  });
  afterAll(async () => {
    await driver.close();
  });

  it('applies versions with a gap, in order, once', async () => {
    const migrations = [probe(1, 'gap_one'), probe(6, 'gap_six')];
    expect(await migrate(driver, migrations)).toEqual({ applied: [1, 6], skipped: [] });
    expect(await migrate(driver, migrations)).toEqual({ applied: [], skipped: [1, 6] });
  });

  it.each([
    ['a repeated version', [probe(7, 'rep_a'), probe(7, 'rep_b')]],
    ['a falling version', [probe(9, 'fall_a'), probe(8, 'fall_b')]],
    ['a version below 1', [probe(0, 'zero')]],
  ])('refuses %s before running anything', async (_what, migrations) => {
    await expect(migrate(driver, migrations)).rejects.toThrow(/expected more than/);
    const tables = await driver.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('rep_a', 'fall_a', 'zero')`,
    );
    expect(tables.rows[0]?.n).toBe(0);
  });
});
