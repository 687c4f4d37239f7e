// The order store on PGlite in a real data folder: the default for the dev stack. Data
// must survive close and re-open, and re-opening must not re-apply migrations.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, openOrderStore } from '../../src/store';
import type { MigrationReport, OrderStore } from '../../src/store';
import { orderStoreContract } from './contract';
import { newCheckout, newInboundEvent } from './fixtures';

describe('order store on PGlite (data folder)', () => {
  let root: string;
  let dataDir: string;
  let store: OrderStore;
  const reports: MigrationReport[] = [];
  const open = () => openOrderStore({ dataDir, onMigrated: (report) => reports.push(report) });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'order-store-pglite-'));
    // A nested, not yet existing folder, like the default ./data/orders on a fresh clone.
    dataDir = join(root, 'data', 'orders');
    store = await open();
  });
  afterAll(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  orderStoreContract(() => store);

  it('keeps its data across close and re-open without re-applying migrations', async () => {
    const versions = MIGRATIONS.map((m) => m.version);
    const completed = newCheckout({ amount: '19.99' });
    const cancelled = newCheckout();
    const event = newInboundEvent();
    const result = await store.completeOrder(completed);
    await store.cancelOrder({ ...cancelled, reason: 'declined' });
    await store.recordInboundEvent(event);
    await store.close();
    await store.close(); // a second close is harmless

    store = await open();
    expect(reports[0]).toMatchObject({ applied: versions, skipped: [] });
    expect(reports.at(-1)).toMatchObject({ applied: [], skipped: versions, kind: 'pglite' });
    expect(await store.getOrderByCheckout(completed.checkoutId)).toMatchObject({
      orderId: result.outcome === 'completed' ? result.orderId : 'unreachable',
      amount: '19.99',
    });
    expect((await store.getCheckout(cancelled.checkoutId))?.status).toBe('cancelled');
    // Decisions made before the restart still hold.
    expect(await store.completeOrder(cancelled)).toEqual({ outcome: 'refused', reason: 'checkoutCancelled' });
    expect(await store.completeOrder(completed)).toMatchObject({ outcome: 'completed', alreadyDone: true });
    expect(await store.recordInboundEvent(event)).toEqual({ recorded: false });
  });
});
