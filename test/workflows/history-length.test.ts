// How long histories get, measured on the time-skipping server: a 7-day WeGetFinancing
// wait with no events, and a 72-hour iwocaPay checkout polling until its TTL (which
// reads by a watch activity's retries, so it stays one short run).
import { checkoutWorkflowId } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { createHarness, stateOf } from './support/harness';
import { historiesOf } from './support/history';
import { startIwocaPay, startWeGetFinancing } from './support/sandboxes';
import { expectNoOrder, expectOneOrder } from './support/expectations';
import { continueByHints, pendingWatch } from './support/watch';
import { SIGNALS_PER_RUN_LIMIT } from '../../workflows/checkout-run';
import { within } from '../helpers/poll-until';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWeGetFinancing, startIwocaPay]);
}, 120_000);
afterAll(() => h?.close());

function report(label: string, runs: { events: number }[], wallMs: number): void {
  console.log(
    `${label}: ${runs.length} run(s), events per run [${runs.map((r) => r.events).join(', ')}], ` +
      `total ${runs.reduce((sum, r) => sum + r.events, 0)}, wall ${wallMs} ms`,
  );
}

describe('history length', () => {
  it('a 7-day WeGetFinancing wait with no events is one short run', async () => {
    await h.withWorker(async (tq) => {
      const started = Date.now();
      const { checkoutId, handle } = await h.start('wegetfinancing', tq);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired', run: 1 });
      const runs = await historiesOf(h.env.client, checkoutWorkflowId(checkoutId));
      report('WeGetFinancing 7-day wait', runs, Date.now() - started);
      expect(runs).toHaveLength(1);
      // The wait, the TTL's cancel, the merchant event of it, and the late-payment listening
      // that follows a cancel (workflows/late-payments.ts): still one short run.
      expect(runs[0]?.events).toBeLessThan(80);
      await expectNoOrder(h, checkoutId);
    });
  });

  // Its reads are a watch activity's retries (workflows/watch.ts): no events, one run.
  it('a 72-hour iwocaPay poll until the TTL is one short run', async () => {
    await h.withWorker(async (tq) => {
      const started = Date.now();
      const { checkoutId, handle } = await h.start('iwocapay', tq);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired', run: 1 });
      const runs = await historiesOf(h.env.client, checkoutWorkflowId(checkoutId));
      report(`iwocaPay 72-hour poll (${result.polls} polls)`, runs, Date.now() - started);
      expect(runs).toHaveLength(1);
      expect(runs[0]?.events).toBeLessThan(80);
      // 1, 3, 7, 15 min, then every 15 min until 72 h; the poll due at the TTL yields to it.
      expect(result.polls).toBe(4 + (72 * 60 - 15) / 15 - 1);
      await expectNoOrder(h, checkoutId);
    });
  }, 180_000);

  it('keeps what it learned across continue-as-new, reads on at the interval reached, completes once', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('iwocapay', tq);
      // Each step is bounded: this test once hung in CI to jest's timeout, which names no step.
      await within(60_000, "the first run's 48 hours", h.sleep('48 hours'));
      await within(60_000, 'continuing by hints', continueByHints(handle, SIGNALS_PER_RUN_LIMIT));
      const before = await stateOf(handle);
      expect(before.run).toBe(2);
      // 48 h of reads on the schedule, counted when the first run's watch ended.
      expect(before.polls).toBeGreaterThanOrEqual(4 + (48 * 60 - 15) / 15 - 1);
      // The next run's watch reads 15 min apart, as the first one had reached: none after 5 min.
      await within(30_000, 'the next 5 minutes', h.sleep('5 minutes'));
      expect(await pendingWatch(handle)).toMatchObject({ reads: 0 });
      await h.sandbox('iwocapay').act(session.providerReference, 'approve', { delivery: { drop: true } });
      const result = await within(30_000, 'the decision by the next read', handle.result());
      expect(result).toMatchObject({
        status: 'completed',
        run: before.run,
        // The hint spaced when the first run continued, read in this one; then the watch's read.
        polls: before.polls + 2,
        events: { lastSeen: { source: 'poll' } },
      });
      expect(Date.parse(result.decidedAt ?? '') - Date.parse(before.openedAt)).toBeGreaterThanOrEqual(
        48 * 60 * 60_000 + 15 * 60_000,
      );
      await expectOneOrder(h, checkoutId, result.orderId);
    });
  }, 180_000);
});
