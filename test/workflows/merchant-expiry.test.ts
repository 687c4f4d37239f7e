// The merchant's expiresAt and metadata in the checkout input: the TTL ends no later
// than expiresAt (also where the provider's own session expiry would set a later one),
// and the metadata is on the state and in the order store's row.
import { createHarness } from './support/harness';
import type { Harness } from './support/harness';
import { elapsedMs, expectNoOrder } from './support/expectations';
import { startEcomtrade24, startIwocaPay } from './support/sandboxes';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startEcomtrade24, startIwocaPay]);
}, 120_000);
afterAll(() => h?.close());

const MINUTE = 60_000;

describe("the merchant's expiresAt", () => {
  it('ends an Ecomtrade24 checkout at expiresAt, before its session expiry plus the grace', async () => {
    await h.withWorker(async (tq) => {
      await h.sleep(1); // re-reads the server clock
      const expiresAt = new Date(h.now().getTime() + 20 * MINUTE).toISOString();
      const metadata = { cartId: 'cart-9', channel: 'web' };
      const { checkoutId, handle, session } = await h.start('ecomtrade24', tq, {
        merchant: { expiresAt, metadata },
      });
      await h.sandbox('ecomtrade24').act(session.providerReference, 'abandon');
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      expect(result).toMatchObject({ merchantExpiresAt: expiresAt, metadata });
      const decidedAt = Date.parse(result.decidedAt ?? '');
      expect(decidedAt).toBeGreaterThanOrEqual(Date.parse(expiresAt));
      expect(decidedAt).toBeLessThan(Date.parse(expiresAt) + 5_000);
      // The provider's session would have let it run on to its expiry plus one hour.
      expect(Date.parse(session.expiresAt ?? '')).toBeGreaterThan(decidedAt);
      await expectNoOrder(h, checkoutId);
      const page = await h.store.listCheckouts({ merchantOrderId: result.merchantOrderId, limit: 1 });
      expect(page.items.map((item) => item.metadata)).toEqual([metadata]);
    });
  });

  it('ends an iwocaPay checkout at expiresAt instead of its 72-hour TTL', async () => {
    await h.withWorker(async (tq) => {
      await h.sleep(1); // re-reads the server clock, which the previous test skipped ahead
      const expiresAt = new Date(h.now().getTime() + 45 * MINUTE).toISOString();
      const { handle, session } = await h.start('iwocapay', tq, { merchant: { expiresAt } });
      await h.sandbox('iwocapay').act(session.providerReference, 'abandon');
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      expect(Date.parse(result.decidedAt ?? '')).toBeLessThan(Date.parse(expiresAt) + 5_000);
      expect(elapsedMs(result)).toBeLessThan(46 * MINUTE);
      expect(result.metadata).toBeUndefined();
    });
  });
});
