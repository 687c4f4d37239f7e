// WiPay with a WAPI key: a customer who paid and never came back to response_url leaves
// no signal, so before the 240-minute cancel the workflow reads the transaction (WAPI
// Retrieve Transaction) and completes a paid one instead of cancelling it.
import type { Harness } from './support/harness';
import { createHarness } from './support/harness';
import type { Sandbox } from './support/sandboxes';
import { startWipay } from './support/sandboxes';
import { elapsedMs, expectNoOrder, expectOneOrder } from './support/expectations';

const MINUTE = 60_000;
let h: Harness;
let wipay: Sandbox;

beforeAll(async () => {
  h = await createHarness([
    async (ctx) => {
      wipay = await startWipay(ctx, { wapiKey: 'wapi_test_strand-read' });
      return wipay;
    },
  ]);
}, 120_000);
afterAll(() => h?.close());

describe('WiPay transaction read before the 240-minute cancel', () => {
  it('completes a paid checkout whose customer never returned', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wipay', tq);
      await wipay.act(session.providerReference, 'approve', { followRedirect: false });
      const result = await handle.result();
      expect(result).toMatchObject({
        status: 'completed',
        polls: 1,
        events: { lastSeen: { source: 'poll', rawStatus: 'success' } },
      });
      expect(result.detail).toMatch(/expired requested, but the customer had already paid \(success\)/);
      expect(elapsedMs(result)).toBeGreaterThanOrEqual(240 * MINUTE);
      expect(wipay.requests).toContain(`GET /wapi/transactions/${session.providerReference}`);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  });

  it('still cancels at 240 minutes when the transaction is incomplete, keeping its reason', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle } = await h.start('wipay', tq);
      const result = await handle.result();
      expect(result).toMatchObject({
        status: 'cancelled',
        cancelReason: 'expired',
        polls: 1,
        pollFailures: 0,
      });
      await expectNoOrder(h, checkoutId);
    });
  });

  it('cancels when the read fails, counting the failure', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wipay', tq);
      await wipay.act(session.providerReference, 'approve', { followRedirect: false });
      await wipay.control('faults', { operation: 'read', status: 503, times: 3 });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired', pollFailures: 1 });
      expect(result.detail).toMatch(/timedOut|session expired/);
      await expectNoOrder(h, checkoutId);
    });
  });
});
