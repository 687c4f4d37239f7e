// Applies MIGRATIONS at start-up. Each migration runs in its own transaction that first
// takes a transaction-scoped advisory lock, then re-checks schema_migrations: two
// processes starting at once against one server queue on the lock, and the second finds
// the work done. A crash mid-migration rolls that migration back whole.
import type { SqlDriver } from './driver';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';

/** Arbitrary constant shared by every process of this application. */
const MIGRATION_LOCK_KEY = 7_432_001;

export interface MigrationReport {
  applied: number[];
  skipped: number[];
}

export async function migrate(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  assertOrdered(migrations);
  const report: MigrationReport = { applied: [], skipped: [] };
  for (const migration of migrations) {
    const applied = await driver.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`,
      );
      const done = await tx.query<{ version: number }>(
        'SELECT version FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (done.rows.length > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    (applied ? report.applied : report.skipped).push(migration.version);
  }
  return report;
}

/**
 * Versions only ever increase. Gaps are allowed: versions are handed out to work done in
 * parallel, and each is applied (once) whenever it is missing, whatever its neighbours.
 */
function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = index === 0 ? 0 : (migrations[index - 1] as Migration).version;
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(
        `migration ${migration.name} has version ${migration.version}, expected more than ${previous}`,
      );
    }
  });
}
