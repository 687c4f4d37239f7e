// The worker owns the embedded PGlite and serves it over pglite-socket; the gateway reads
// it with pg. PGlite has one session, so what matters is concurrency: several pg pools
// querying at once while the owner writes in transactions must each get their own answer,
// never see the owner's uncommitted rows, and never stall.
import { Pool } from 'pg';
import { createPgliteDriver, openOrderStore, openOrderStoreReader } from '../../src/store';
import type { OrderStore } from '../../src/store';
import { newCheckout } from './fixtures';

jest.setTimeout(60_000);

describe('PGlite served over pglite-socket (worker owns it, gateway reads)', () => {
  let owner: OrderStore;
  let reader: OrderStore;
  let port: number;

  beforeAll(async () => {
    owner = await openOrderStore({ dataDir: 'memory://', socketPort: 0 });
    port = Number(new URL(owner.socketUrl ?? '').port);
    const opened = openOrderStoreReader({ socketPort: port });
    if (!opened) throw new Error('no reader');
    reader = opened;
  });
  afterAll(async () => {
    await reader?.close();
    await owner?.close();
  });

  it('serves on a loopback port only', () => {
    expect(owner.socketUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(port).toBeGreaterThan(0);
  });

  it('the gateway reader sees what the owner wrote', async () => {
    const checkout = newCheckout();
    await owner.recordCheckout(checkout);
    await owner.completeOrder({ ...checkout, providerReference: "inv_'quoted" });
    const attempts = await reader.listCheckoutsForMerchantOrder(checkout.merchantOrderId);
    expect(attempts).toEqual([
      expect.objectContaining({ checkoutId: checkout.checkoutId, status: 'completed', amount: '1344.00' }),
    ]);
    expect((await reader.getOrderByCheckout(checkout.checkoutId))?.providerReference).toBe("inv_'quoted");
  });

  // Before startups were answered by the thread, the first pool's next query never returned.
  it('answers concurrent queries from two pg pools correctly while the owner writes in transactions', async () => {
    const checkouts = Array.from({ length: 12 }, () => newCheckout());
    for (const checkout of checkouts) await owner.recordCheckout(checkout);
    // A second process's pool; one connection each, as the gateway's reader (open.ts).
    const second = new Pool({ connectionString: owner.socketUrl, max: 1 });
    try {
      const reads = checkouts.flatMap((checkout, index) => [
        reader.getCheckout(checkout.checkoutId).then((row) => [index, row?.checkoutId]),
        second
          .query<{
            id: string;
          }>(`SELECT checkout_id AS id FROM checkouts WHERE checkout_id = '${checkout.checkoutId}'`)
          .then((result) => [index, result.rows[0]?.id]),
      ]);
      // The owner's transactions (complete, cancel) run meanwhile, each BEGIN … COMMIT.
      const writes = checkouts.map((checkout, index) =>
        index % 2 === 0
          ? owner.completeOrder(checkout)
          : owner.cancelOrder({ ...checkout, reason: 'expired' }),
      );
      const answers = await Promise.all(reads);
      await Promise.all(writes);
      for (const [index, id] of answers) expect(id).toBe(checkouts[index as number]?.checkoutId);
      const statuses = await Promise.all(checkouts.map((c) => reader.getCheckout(c.checkoutId)));
      expect(statuses.map((row) => row?.status)).toEqual(
        checkouts.map((_c, index) => (index % 2 === 0 ? 'completed' : 'cancelled')),
      );
    } finally {
      await second.end();
    }
  });

  it("a socket client waits for the owner's open transaction and never sees its uncommitted row", async () => {
    const driver = await createPgliteDriver('memory://', { port: 0 });
    const pool = new Pool({ connectionString: driver.socketUrl, max: 1 });
    try {
      await driver.query('CREATE TABLE gate_probe (n int)');
      await pool.query('SELECT 1');
      let seen: number | undefined;
      await driver.transaction(async (tx) => {
        await tx.query('INSERT INTO gate_probe VALUES (1)');
        void pool.query<{ n: number }>('SELECT count(*)::int AS n FROM gate_probe').then((r) => {
          seen = r.rows[0]?.n;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        // Inside the owner's transaction the read has not run: it would have seen 1 uncommitted row.
        expect(seen).toBeUndefined();
        await tx.query('INSERT INTO gate_probe VALUES (2)');
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toBe(2);
    } finally {
      await pool.end();
      await driver.close();
    }
  });

  it('the reader refuses transactions (read-only use)', async () => {
    await expect(reader.recordCheckout(newCheckout())).rejects.toThrow(/read-only/);
  });
});
