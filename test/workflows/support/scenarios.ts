// Scenarios more than one provider's workflow test runs the same way; each provider's file
// still decides which apply to it and adds its own assertions around them.
import type { CheckoutState } from '../../../workflows/contract';
import type { ProviderId } from '../../../workflows/domain';
import type { Harness, Started } from './harness';
import {
  createGate,
  elapsedMs,
  expectOneOrder,
  holdingCompletion,
  sendMerchantCancel,
  waitFor,
  webhookCalls,
} from './expectations';

/**
 * Starts a checkout whose completeOrder is held, lets `send` make the provider deliver, and
 * releases the completion only once `deliveries.count` calls reached the receiver: every
 * copy and late delivery then arrives while the decision runs, which is what duplicate and
 * reordering tests need to be deterministic. A provider's copies go out at once, so `send`
 * awaits `arrived(n)` before releasing a held (older) delivery that must land after them.
 * `check` runs with the worker still up.
 */
export async function decideWithDeliveriesInFlight(
  h: Harness,
  provider: ProviderId,
  deliveries: { count: number; what: string },
  send: (started: Started, arrived: (count: number) => Promise<void>) => Promise<void>,
  check: (started: Started, result: CheckoutState) => Promise<void>,
): Promise<void> {
  const gate = createGate();
  await h.withWorker(
    async (tq) => {
      const started = await h.start(provider, tq);
      // Only this checkout's calls: a straggler of an earlier test (a late copy) must not
      // open the gate before this test's own deliveries arrived.
      const ours = () => webhookCalls(h, provider).filter((call) => call.checkoutId === started.checkoutId);
      const arrived = (count: number) =>
        waitFor(() => ours().length >= count, `${count} of ${deliveries.what}`);
      await send(started, arrived);
      await arrived(deliveries.count);
      gate.open();
      await check(started, await h.decisionOf(started.handle));
    },
    { wrap: holdingCompletion(gate) },
  );
}

/**
 * For providers we poll: an approval whose webhook is lost is found by the first poll, at 60 s.
 * Resolves with the checkout's id, for callers that look further into how it was polled.
 */
export async function expectLostWebhookFoundByFirstPoll(
  h: Harness,
  provider: ProviderId,
  taskQueue: string,
): Promise<{ checkoutId: string }> {
  const { checkoutId, handle, session } = await h.start(provider, taskQueue);
  await h.sandbox(provider).act(session.providerReference, 'approve', { delivery: { drop: true } });
  const result = await handle.result();
  expect(result).toMatchObject({
    status: 'completed',
    polls: 1,
    events: { lastSeen: { source: 'poll' } },
  });
  expect(elapsedMs(result)).toBeGreaterThanOrEqual(60_000);
  // Decided by the first poll (polls: 1), before the second is due at 60 s + 120 s.
  expect(elapsedMs(result)).toBeLessThan(180_000);
  await expectOneOrder(h, checkoutId, result.orderId);
  return { checkoutId };
}

/**
 * For providers we poll: the customer paid but the webhook was lost, then the merchant
 * cancels; reading the provider before cancelling finds the payment, so it completes.
 */
export async function expectPaidBeforeCancelCompletes(
  h: Harness,
  provider: ProviderId,
  taskQueue: string,
): Promise<Started> {
  const started = await h.start(provider, taskQueue);
  const { checkoutId, handle, session } = started;
  await h.sandbox(provider).act(session.providerReference, 'approve', { delivery: { drop: true } });
  await sendMerchantCancel(h, handle);
  const result = await h.decisionOf(handle);
  expect(result.status).toBe('completed');
  expect(result.detail).toMatch(/already paid/);
  await expectOneOrder(h, checkoutId, result.orderId);
  return started;
}
