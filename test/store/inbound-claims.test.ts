// Migration 7: the indexes the claims of recorded events use (the claims themselves are
// part of the order store contract, test/store/contract-claims.ts).
import { createPgliteDriver, migrate } from '../../src/store';

describe('migration 7 (indexes for the claims)', () => {
  it('applies after the migrations before it, and the claim queries use its indexes', async () => {
    const driver = await createPgliteDriver('memory://');
    try {
      expect((await migrate(driver)).applied).toContain(7);
      await driver.query('SET enable_seqscan = off');
      const plan = async (sql: string) =>
        (await driver.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).rows
          .map((row) => row['QUERY PLAN'])
          .join('\n');
      expect(
        await plan(
          `SELECT id FROM inbound_events WHERE provider = 'affirm' AND provider_reference = 'R' AND reason = 'unknownCheckout'`,
        ),
      ).toMatch(/inbound_events_unknown_reference_idx/);
      expect(
        await plan(
          `SELECT checkout_id FROM checkouts WHERE provider = 'affirm' AND provider_reference = 'R'`,
        ),
      ).toMatch(/checkouts_provider_reference_idx/);
    } finally {
      await driver.close();
    }
  });
});
