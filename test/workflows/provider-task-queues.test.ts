// Provider calls run on a task queue per provider, each with its own rate limit: with
// WiPay held to 1 call a second, a burst of WiPay checkouts waits its turn while an
// Affirm checkout opened after them gets its session at once.
import type { Harness } from './support/harness';
import { createHarness } from './support/harness';
import { startAffirm, startWipay } from './support/sandboxes';

const WIPAY_BURST = 5;
let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWipay, startAffirm]);
}, 120_000);
afterAll(() => h?.close());

it('a rate-limited provider queues its own calls; another provider does not wait behind them', async () => {
  await h.withWorker(
    async (tq) => {
      const burstStarted = Date.now();
      const wipayDone = Array.from({ length: WIPAY_BURST }, () =>
        h.start('wipay', tq).then(() => Date.now() - burstStarted),
      );
      // The WiPay session calls are scheduled (and queued) before Affirm's.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const affirmStarted = Date.now();
      await h.start('affirm', tq);
      const affirmMs = Date.now() - affirmStarted;
      const lastWipayMs = Math.max(...(await Promise.all(wipayDone)));

      // 1 per second: the last of five session calls runs at least 4 s after the first.
      expect(lastWipayMs).toBeGreaterThanOrEqual((WIPAY_BURST - 1) * 1000 - 200);
      // Affirm's session did not queue behind them.
      expect(affirmStarted + affirmMs).toBeLessThan(burstStarted + lastWipayMs);
      // Queued behind the burst it would take 4 s or more; on a loaded 2-core machine an
      // unqueued start can take 2 s, so the bound sits between the two.
      expect(affirmMs).toBeLessThan((WIPAY_BURST - 2) * 1000);
    },
    { providerLimits: { wipay: { perSecond: 1, maxConcurrent: 10 } } },
  );
}, 60_000);
