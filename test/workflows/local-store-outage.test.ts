// A store outage under a lean run's local activities (workflows/activity-options.ts
// localStoreOptions): short backoffs retry inside the workflow task, longer ones wait on
// durable timers, and the checkout ends as it would have, with exactly one order.
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../activities';
import { checkoutWorkflowId } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { createHarness, waitForState } from './support/harness';
import { historiesOf } from './support/history';
import { startWeGetFinancing } from './support/sandboxes';
import { expectOneOrder } from './support/expectations';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWeGetFinancing]);
}, 120_000);
afterAll(() => h?.close());

/** Backoffs 1, 2, 4, 8 s retry in the task; 16 and 32 s exceed the 10 s threshold: two timers. */
const FAILED_ATTEMPTS = 6;

it('an outage during a local activity (the payment start) is waited out on durable timers, one order in the end', async () => {
  let attempts = 0;
  const outage = (real: Activities): Activities => ({
    ...real,
    // The decision's own write (completeOrder) is an ordinary activity; the payment's
    // start after it is a local one.
    startPaymentLifecycle: async (input) => {
      attempts += 1;
      // Retryable, as a connection refused by a stopped database is.
      if (attempts <= FAILED_ATTEMPTS)
        throw ApplicationFailure.retryable('order store unreachable', 'Outage');
      return real.startPaymentLifecycle(input);
    },
  });
  await h.withWorker(
    async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      await waitForState(handle, (s) => s.events.received === 1, 'the approved postback', 40_000);
      // From here the server may skip time: the outage's timers, not the 7-day TTL, come first.
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed' });
      expect(attempts).toBe(FAILED_ATTEMPTS + 1);
      await expectOneOrder(h, checkoutId, result.orderId);
      const [run] = await historiesOf(h.env.client, checkoutWorkflowId(checkoutId));
      const timers = (run?.history.events ?? []).filter((event) => event.timerStartedEventAttributes);
      // The TTL's timer, then one per backoff above the threshold.
      expect(timers).toHaveLength(3);
    },
    { wrap: outage },
  );
}, 120_000);
