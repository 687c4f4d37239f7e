// Ecomtrade24: signed webhooks, status.php to poll, no cancel call; `paid` is the only
// success; TTL = the session's expires_at + 1 h.
import type { Harness } from './support/harness';
import { createHarness, waitForState } from './support/harness';
import { startEcomtrade24 } from './support/sandboxes';
import { expectPolledByOneWatch } from './support/watch';
import { checkoutWorkflowId } from '../../workflows/contract';
import {
  createGate,
  elapsedMs,
  expectCancelChangesNothing,
  expectCancelled,
  expectNoOrder,
  expectOneOrder,
  sendMerchantCancel,
} from './support/expectations';
import {
  decideWithDeliveriesInFlight,
  expectLostWebhookFoundByFirstPoll,
  expectPaidBeforeCancelCompletes,
} from './support/scenarios';

const HOUR = 60 * 60 * 1000;
let h: Harness;

beforeAll(async () => {
  h = await createHarness([startEcomtrade24]);
}, 120_000);
afterAll(() => h?.close());

const et24 = () => h.sandbox('ecomtrade24');

describe('Ecomtrade24 checkout', () => {
  it('completes on a signed paid webhook, exactly one order', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('ecomtrade24', tq);
      expect(session.expiresAt).toBeDefined();
      await et24().act(session.providerReference, 'approve');
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({ status: 'completed', events: { lastSeen: { rawStatus: 'paid' } } });
      await expectOneOrder(h, checkoutId, result.orderId);
      await expectCancelChangesNothing(h, handle, checkoutId);
    });
  });

  it('cancels on declined, and calls the provider expiry an expiry', async () => {
    await h.withWorker(async (tq) => {
      const declined = await h.start('ecomtrade24', tq);
      await et24().act(declined.session.providerReference, 'decline');
      await expectCancelled(h, declined, 'declined');

      const expired = await h.start('ecomtrade24', tq);
      await et24().act(expired.session.providerReference, 'expire');
      await expectCancelled(h, expired, 'expired');
    });
  });

  it("cancels an abandoned session at the session's expiry plus the grace", async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('ecomtrade24', tq);
      await et24().act(session.providerReference, 'abandon');
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      const ttlAt = Date.parse(session.expiresAt ?? '') + HOUR;
      expect(Date.parse(result.decidedAt ?? '')).toBeGreaterThanOrEqual(ttlAt);
      expect(Date.parse(result.decidedAt ?? '')).toBeLessThan(ttlAt + 5_000);
      expect(result.polls).toBeGreaterThan(1);
      await expectNoOrder(h, checkoutId);
    });
  });

  it('survives duplicated and reordered webhooks', async () => {
    await decideWithDeliveriesInFlight(
      h,
      'ecomtrade24',
      { count: 3, what: 'three deliveries' },
      async ({ session }) => {
        await et24().control('deliveries/next', { copies: 3 });
        await et24().act(session.providerReference, 'approve');
      },
      async ({ checkoutId }, result) => {
        expect(result).toMatchObject({ status: 'completed', events: { received: 3, duplicates: 2 } });
        await expectOneOrder(h, checkoutId, result.orderId);
      },
    );
  });

  it('recovers a lost webhook by polling status.php', async () => {
    await h.withWorker((tq) => expectLostWebhookFoundByFirstPoll(h, 'ecomtrade24', tq));
  });

  it('the lost webhook is found by the status watch: one watch activity, no poll timer', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId } = await expectLostWebhookFoundByFirstPoll(h, 'ecomtrade24', tq);
      await expectPolledByOneWatch(h.env.client, checkoutWorkflowId(checkoutId));
    });
  });

  it('polls at once on an unsigned webhook instead of applying it', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('ecomtrade24', tq);
      await et24().act(session.providerReference, 'approve', { unsigned: true });
      const state = await waitForState(handle, (s) => s.status === 'completed', 'the hinted poll');
      expect(state).toMatchObject({ polls: 1, events: { lastSeen: { source: 'poll' } } });
      expect(elapsedMs(state)).toBeLessThan(60_000);
      await expectOneOrder(h, checkoutId, state.orderId);
    });
  });

  it('cancels on a merchant cancel after reading the status once', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle } = await h.start('ecomtrade24', tq);
      await sendMerchantCancel(h, handle);
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'merchantCancelled', polls: 1 });
      await expectNoOrder(h, checkoutId);
    });
  });

  it('completes instead of cancelling when the customer had already paid', async () => {
    await h.withWorker((tq) => expectPaidBeforeCancelCompletes(h, 'ecomtrade24', tq));
  });

  it('completes when the paid webhook arrives while the cancel reads the status', async () => {
    const gate = createGate();
    const readStarted = createGate();
    await h.withWorker(
      async (tq) => {
        const { checkoutId, handle, session } = await h.start('ecomtrade24', tq);
        await sendMerchantCancel(h, handle);
        await readStarted.wait();
        await et24().act(session.providerReference, 'approve');
        await waitForState(
          handle,
          (s) => s.events.received === 1,
          'the paid webhook, queued behind the cancel',
        );
        gate.open();
        const result = await h.decisionOf(handle);
        expect(result.status).toBe('completed');
        expect(result.detail).toMatch(/already paid \(paid\)/);
        expect(result.events.afterDecision).toBe(0);
        await expectOneOrder(h, checkoutId, result.orderId);
      },
      {
        // The read sees the session still pending, and answers only once the webhook is in.
        wrap: (real) => ({
          ...real,
          pollProviderStatus: async (input) => {
            const reading = await real.pollProviderStatus(input);
            readStarted.open();
            await gate.wait();
            return reading;
          },
        }),
      },
    );
  });
});
