// WiPay with fee_structure split: the customer pays half the transaction fee, so the
// redirect's total is above the requested one, while WiPay's hash still covers the
// requested total. A paid checkout completes end to end through the gateway.
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { record, send } from './support/http';
import { openCheckout, waitForStatus } from './support/checkouts';

jest.setTimeout(120_000);

describe('WiPay receiver with fee_structure split', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ providerEnv: { WIPAY_FEE_STRUCTURE: 'split' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the redirect shows 49.95 + half the fee, and the paid checkout completes', async () => {
    const checkout = await openCheckout(h, 'wipay');
    const approved = record(
      (await h.sandboxes.control('wipay', `/sessions/${checkout.providerReference}/approve`)).body,
    );
    const url = new URL(String(approved.responseUrl));
    // TT: the fee on 49.95 is 1.75 + TTD 1.70 = 3.45; half of it, rounded half up, is 1.73.
    expect(url.searchParams.get('total')).toBe('51.68');
    const answer = await send(url.href);
    expect([answer.status, answer.headers.get('location')]).toEqual([302, 'https://shop.example/thanks']);
    await waitForStatus(h, checkout.checkoutId, 'completed');
    expect((await h.store.getOrderByCheckout(checkout.checkoutId))?.amount).toBe('49.95');
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
  });
});
