// Paid after cancel through the API: the cancel's answer, the late payment in
// GET /checkouts/:id and the metric, and a cancel that loses the race to a payment.
import type { ProviderRegistry } from '../../src/providers/registry';
import { checkoutWorkflowId } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { openCheckout, readState, waitForStatus } from './support/checkouts';
import { api, eventually, record } from './support/http';
import { scrapeMetrics } from './support/metrics';

jest.setTimeout(120_000);

/** Affirm's authorize waits for the test: a confirmation is then "being applied". */
const authorizeGate: { release?: () => void; held: Promise<void> } = { held: Promise.resolve() };
function holdAffirmAuthorize(real: ProviderRegistry): ProviderRegistry {
  return {
    ...real,
    get(id) {
      const adapter = real.get(id);
      if (id !== 'affirm' || !adapter.authorize) return adapter;
      const authorize = adapter.authorize.bind(adapter);
      return {
        ...adapter,
        authorize: async (input) => {
          await authorizeGate.held;
          return authorize(input);
        },
      } as typeof adapter;
    },
  };
}

let h: Harness;

async function paidAfterCancelCount(): Promise<number> {
  const text = (await scrapeMetrics(h.metrics)).text;
  const line = /checkout_gateway_checkout_paid_after_cancel_total\{provider="wegetfinancing"\} (\d+)/.exec(
    text,
  );
  return Number(line?.[1] ?? 0);
}
beforeAll(async () => {
  h = await startHarness({ wrapProviders: holdAffirmAuthorize });
});
afterAll(async () => {
  await h?.close();
});

describe('paid after cancel, through the API', () => {
  it('a payment after a merchant cancel shows in GET /checkouts/:id and in the metric', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    const cancel = await api(h.url, 'POST', `/checkouts/${checkout.checkoutId}/cancel`);
    // The answer waits for the cancel to be carried out.
    expect(cancel.status).toBe(202);
    expect(record(cancel.json)).toMatchObject({ status: 'cancelled', cancelRequested: true });

    await h.sandboxes.control('wegetfinancing', `/sessions/${checkout.providerReference}/approve`);
    const state = await eventually(async () => {
      const read = await readState(h, checkout.checkoutId);
      return (read.attention as unknown[]).length > 0 ? read : undefined;
    });
    expect(state).toMatchObject({
      status: 'cancelled',
      reason: 'merchantCancelled',
      needsAttention: true,
      order: null,
      attention: [
        {
          kind: 'paidAfterCancel',
          provider: 'wegetfinancing',
          amount: '49.95',
          currency: 'USD',
          eventId: expect.any(String),
          at: expect.any(String),
          action: { kind: 'refundAtProvider', reference: checkout.providerReference },
        },
      ],
    });
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(0);
    const metrics = await scrapeMetrics(h.metrics);
    expect(metrics.text).toMatch(
      /checkout_gateway_checkout_paid_after_cancel_total\{provider="wegetfinancing"\} 1/,
    );
  });

  it('a payment for a cancelled checkout that closed is recorded for a refund and counted', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    expect((await api(h.url, 'POST', `/checkouts/${checkout.checkoutId}/cancel`)).status).toBe(202);
    // Closed early (as ops may): the event now goes to the closed-checkout record.
    await h.client.workflow.getHandle(checkoutWorkflowId(checkout.checkoutId)).terminate('test');
    const before = await paidAfterCancelCount();
    await h.sandboxes.control('wegetfinancing', `/sessions/${checkout.providerReference}/approve`);
    const rows = await eventually(async () => {
      const found = await h.store.listPaidAfterCancel(checkout.checkoutId);
      return found.length > 0 ? found : undefined;
    });
    expect(rows).toEqual([
      expect.objectContaining({
        provider: 'wegetfinancing',
        amount: '49.95',
        action: expect.objectContaining({ kind: 'refundAtProvider', reference: checkout.providerReference }),
      }),
    ]);
    expect(await paidAfterCancelCount()).toBe(before + 1);
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(0);
  });

  it('a cancel that meets a confirmation being applied answers 409 already_completed', async () => {
    authorizeGate.held = new Promise((resolve) => (authorizeGate.release = resolve));
    const checkout = await openCheckout(h, 'affirm');
    await h.sandboxes.control('affirm', `/sessions/${checkout.providerReference}/approve`);
    await waitForStatus(h, checkout.checkoutId, 'authorizing');
    const cancel = api(h.url, 'POST', `/checkouts/${checkout.checkoutId}/cancel`);
    setTimeout(() => authorizeGate.release?.(), 500);
    const answer = await cancel;
    expect(answer.status).toBe(409);
    expect(record(answer.json)).toMatchObject({
      error: { code: 'already_completed' },
      checkout: { checkoutId: checkout.checkoutId, status: 'completed' },
    });
    expect((await readState(h, checkout.checkoutId)).status).toBe('completed');
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
  });
});
