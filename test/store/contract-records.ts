// Contract: checkout records, amounts, inbound events and input validation.
import { CheckoutMismatchError, InvalidStoreInputError } from '../../src/store';
import type { OrderStore } from '../../src/store';
import { newCheckout, newInboundEvent } from './fixtures';

export function recordsContract(store: () => OrderStore): void {
  it('recordCheckout is idempotent', async () => {
    const checkout = newCheckout();
    expect(await store().recordCheckout(checkout)).toEqual({ created: true, status: 'open' });
    expect(await store().recordCheckout(checkout)).toEqual({ created: false, status: 'open' });
    const row = await store().getCheckout(checkout.checkoutId);
    expect(row).toMatchObject({ ...checkout, status: 'open', providerReference: null, completedAt: null });
    expect(Number.isNaN(Date.parse(row?.createdAt ?? ''))).toBe(false);
  });

  it('recordCheckout of an ended checkout reports its status, so no session is opened again', async () => {
    const completed = newCheckout();
    await store().recordCheckout(completed);
    await store().completeOrder(completed);
    expect(await store().recordCheckout(completed)).toEqual({ created: false, status: 'completed' });
    const cancelled = newCheckout();
    await store().cancelOrder({ ...cancelled, reason: 'expired' });
    expect(await store().recordCheckout(cancelled)).toEqual({ created: false, status: 'cancelled' });
  });

  it("lists a merchant order's attempts oldest first, and nothing of other orders", async () => {
    const first = newCheckout();
    const merchantOrderId = first.merchantOrderId;
    const second = newCheckout({ merchantOrderId, checkoutId: `${first.checkoutId}-2` });
    await store().recordCheckout(first);
    await store().cancelOrder({ ...first, reason: 'declined' });
    await store().recordCheckout(second);
    await store().recordCheckout(newCheckout());
    const attempts = await store().listCheckoutsForMerchantOrder(merchantOrderId);
    expect(attempts.map((row) => [row.checkoutId, row.status, row.cancelReason])).toEqual([
      [first.checkoutId, 'cancelled', 'declined'],
      [second.checkoutId, 'open', null],
    ]);
    expect(await store().listCheckoutsForMerchantOrder('order-none')).toEqual([]);
  });

  it('refuses a repeat that names the same checkout with a different cart', async () => {
    const checkout = newCheckout();
    await store().recordCheckout(checkout);
    await expect(store().recordCheckout({ ...checkout, amount: '1.00' })).rejects.toBeInstanceOf(
      CheckoutMismatchError,
    );
    await expect(store().completeOrder({ ...checkout, currency: 'EUR' })).rejects.toThrow(/currency/);
    expect(await store().countOrders(checkout.checkoutId)).toBe(0);
  });

  it('setProviderReference updates a known checkout and reports an unknown one', async () => {
    const checkout = newCheckout();
    await store().recordCheckout(checkout);
    expect(await store().setProviderReference(checkout.checkoutId, 'inv_1')).toEqual({ updated: true });
    expect(await store().setProviderReference(checkout.checkoutId, 'inv_1')).toEqual({ updated: true });
    expect((await store().getCheckout(checkout.checkoutId))?.providerReference).toBe('inv_1');
    expect(await store().setProviderReference('chk-missing', 'inv_1')).toEqual({ updated: false });
  });

  it.each([
    ['0.10', '0.10'],
    ['19.99', '19.99'],
    ['1344.00', '1344.00'],
    ['999999.99', '999999.99'],
    ['999999999999.99', '999999999999.99'],
    ['0.1', '0.10'],
    ['1344', '1344.00'],
    ['0', '0.00'],
  ])('amount %s round-trips as %s through checkout and order', async (amount, expected) => {
    const checkout = newCheckout({ amount });
    await store().recordCheckout(checkout);
    await store().completeOrder(checkout);
    expect((await store().getCheckout(checkout.checkoutId))?.amount).toBe(expected);
    const order = await store().getOrderByCheckout(checkout.checkoutId);
    expect(order?.amount).toBe(expected);
    expect(typeof order?.amount).toBe('string');
  });

  it.each(['19.999', '-1.00', '1e3', '', ' 1.00', '1,00', '1000000000000.00'])(
    'rejects amount %j at the edge',
    async (amount) => {
      await expect(store().recordCheckout(newCheckout({ amount }))).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
    },
  );

  it('rejects an unknown provider, a bad currency and an empty checkout id', async () => {
    const bad = [
      newCheckout({ provider: 'paypal' as never }),
      newCheckout({ currency: 'usd' }),
      newCheckout({ checkoutId: '  ' }),
    ];
    for (const input of bad) {
      await expect(store().completeOrder(input)).rejects.toBeInstanceOf(InvalidStoreInputError);
    }
    await expect(store().cancelOrder({ ...newCheckout(), reason: '' })).rejects.toBeInstanceOf(
      InvalidStoreInputError,
    );
  });

  it('records an inbound event once however often it is redelivered', async () => {
    const event = newInboundEvent();
    expect(await store().recordInboundEvent(event)).toEqual({ recorded: true });
    expect(await store().recordInboundEvent(event)).toEqual({ recorded: false });
    // The same event id from another provider is a different event.
    expect(await store().recordInboundEvent({ ...event, provider: 'wipay' })).toEqual({ recorded: true });

    const mine = (await store().listInboundEvents()).filter((e) => e.eventId === event.eventId);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({
      provider: 'wegetfinancing',
      checkoutReference: event.checkoutReference,
      providerReference: event.providerReference,
      rawStatus: 'approved',
      kind: 'fulfil',
      reason: 'closedCheckout',
      payload: event.payload,
    });
    expect(mine[0]?.receivedAt).toEqual(expect.any(String));
  });

  it('records an event for an unknown checkout with no references and no payload', async () => {
    const event = newInboundEvent({
      checkoutReference: undefined,
      providerReference: undefined,
      payload: undefined,
      reason: 'unknownCheckout',
      kind: 'unknown',
    });
    expect(await store().recordInboundEvent(event)).toEqual({ recorded: true });
    const stored = (await store().listInboundEvents()).find((e) => e.eventId === event.eventId);
    expect(stored).toMatchObject({ checkoutReference: null, providerReference: null, payload: {} });
  });
}
