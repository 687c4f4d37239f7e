// Affirm's last checkout read, 15 minutes before the checkout expires: a simulated day of
// scheduled reads, so it runs on a time-skipping server of its own: in affirm.test.ts,
// after the file's other tests and under a loaded machine, it timed out (alone it takes
// about 20 s; the cause was not pinned down).
import type { Harness } from './support/harness';
import { createHarness, stateOf } from './support/harness';
import type { AffirmSandbox } from './support/sandboxes';
import { startAffirm } from './support/sandboxes';
import { expectOneOrder } from './support/expectations';

let h: Harness;
let affirm: AffirmSandbox;

beforeAll(async () => {
  h = await createHarness([
    async (ctx) => {
      affirm = await startAffirm(ctx);
      return affirm;
    },
  ]);
}, 120_000);
afterAll(() => h?.close());

describe('Affirm checkout read', () => {
  it("reads once more a quarter of an hour before Affirm's checkout expires", async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('affirm', tq);
      const expiresAtMs = Date.parse(session.expiresAt ?? '');
      // Past the scheduled reads of the day (1 h, 3 h, … 23 h after opening): the customer
      // confirms 30 minutes before the expiry and nothing of it reaches us.
      await h.sleep(expiresAtMs - h.now().getTime() - 30 * 60_000);
      const before = await stateOf(handle);
      expect(before.status).toBe('awaitingCustomer');
      await affirm.act(session.providerReference, 'approve', { delivery: { drop: true } });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed', polls: before.polls + 1 });
      expect(Date.parse(result.decidedAt ?? '')).toBeGreaterThanOrEqual(expiresAtMs - 15 * 60_000);
      expect(Date.parse(result.decidedAt ?? '')).toBeLessThan(expiresAtMs);
      await expectOneOrder(h, checkoutId, result.orderId);
    });
    // A simulated day of scheduled reads, each a real activity: about 20 s alone, up to a
    // minute and more when the two cores also run the other suites.
  }, 150_000);
});
