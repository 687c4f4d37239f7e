// Affirm's last checkout read, 15 minutes before the checkout expires: a simulated day of
// scheduled reads (about 20 s alone), so it runs on a time-skipping server of its own. In
// affirm.test.ts, after the file's other tests, it timed out, most likely from the stalled
// time skipping that support/settle.ts describes (since fixed); its own server stays for the
// run time.
import { stateOf } from './support/harness';
import { expectOneOrder } from './support/expectations';
import { useAffirmCheckoutHarness } from './support/affirm-checkout';

const { harness: h, affirm } = useAffirmCheckoutHarness();

describe('Affirm checkout read', () => {
  it("reads once more a quarter of an hour before Affirm's checkout expires", async () => {
    await h().withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h().start('affirm', tq);
      const expiresAtMs = Date.parse(session.expiresAt ?? '');
      // Past the scheduled reads of the day (1 h, 3 h, … 23 h after opening): the customer
      // confirms 30 minutes before the expiry and nothing of it reaches us.
      await h().sleep(expiresAtMs - h().now().getTime() - 30 * 60_000);
      const before = await stateOf(handle);
      expect(before.status).toBe('awaitingCustomer');
      await affirm().act(session.providerReference, 'approve', { delivery: { drop: true } });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed', polls: before.polls + 1 });
      expect(Date.parse(result.decidedAt ?? '')).toBeGreaterThanOrEqual(expiresAtMs - 15 * 60_000);
      expect(Date.parse(result.decidedAt ?? '')).toBeLessThan(expiresAtMs);
      await expectOneOrder(h(), checkoutId, result.orderId);
    });
    // A simulated day of scheduled reads, each a real activity: about 20 s alone, up to a
    // minute and more when the two cores also run the other suites.
  }, 150_000);
});
