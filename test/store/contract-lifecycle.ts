// Contract: completing and cancelling checkouts. Shared by every driver variant.
import type { OrderStore } from '../../src/store';
import { newCheckout } from './fixtures';

export function lifecycleContract(store: () => OrderStore): void {
  it('completeOrder creates the checkout row when recordCheckout never ran', async () => {
    const checkout = newCheckout({ provider: 'affirm' });
    const result = await store().completeOrder({ ...checkout, providerTransactionId: 'txn_1' });
    expect(result).toEqual({ outcome: 'completed', orderId: expect.any(String), alreadyDone: false });

    const row = await store().getCheckout(checkout.checkoutId);
    expect(row).toMatchObject({
      status: 'completed',
      amount: '1344.00',
      cancelReason: null,
      cancelledAt: null,
    });
    expect(row?.completedAt).toEqual(expect.any(String));
    const order = await store().getOrderByCheckout(checkout.checkoutId);
    expect(order).toMatchObject({
      checkoutId: checkout.checkoutId,
      merchantOrderId: checkout.merchantOrderId,
      provider: 'affirm',
      amount: '1344.00',
      currency: 'USD',
      providerTransactionId: 'txn_1',
    });
    expect(order?.orderId).toBe(result.outcome === 'completed' ? result.orderId : 'unreachable');
  });

  it('a repeated completeOrder returns the same order with alreadyDone', async () => {
    const checkout = newCheckout();
    await store().recordCheckout(checkout);
    await store().setProviderReference(checkout.checkoutId, 'inv_123');
    const first = await store().completeOrder(checkout);
    const second = await store().completeOrder(checkout);
    expect(second).toEqual(first.outcome === 'completed' ? { ...first, alreadyDone: true } : 'unreachable');
    expect(await store().countOrders(checkout.checkoutId)).toBe(1);
    // The reference saved before completion is copied onto the order.
    expect((await store().getOrderByCheckout(checkout.checkoutId))?.providerReference).toBe('inv_123');
  });

  it('20 concurrent completeOrder calls make exactly one order and agree on its id', async () => {
    const checkout = newCheckout();
    const results = await Promise.all(Array.from({ length: 20 }, () => store().completeOrder(checkout)));
    const orderIds = new Set(results.map((r) => (r.outcome === 'completed' ? r.orderId : r.outcome)));
    expect(orderIds.size).toBe(1);
    expect(results.filter((r) => r.outcome === 'completed' && !r.alreadyDone)).toHaveLength(1);
    expect(await store().countOrders(checkout.checkoutId)).toBe(1);
  });

  it('complete after cancel is refused and leaves no order', async () => {
    const checkout = newCheckout();
    await store().recordCheckout(checkout);
    expect(await store().cancelOrder({ ...checkout, reason: 'expired' })).toEqual({
      outcome: 'cancelled',
      alreadyDone: false,
    });
    expect(await store().completeOrder(checkout)).toEqual({
      outcome: 'refused',
      reason: 'checkoutCancelled',
    });
    expect(await store().countOrders(checkout.checkoutId)).toBe(0);
    expect(await store().getCheckout(checkout.checkoutId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
      completedAt: null,
    });
  });

  it('cancel after complete is refused and keeps the order', async () => {
    const checkout = newCheckout();
    await store().completeOrder(checkout);
    expect(await store().cancelOrder({ ...checkout, reason: 'merchantCancelled' })).toEqual({
      outcome: 'refused',
      reason: 'checkoutCompleted',
    });
    expect(await store().countOrders(checkout.checkoutId)).toBe(1);
    expect(await store().getCheckout(checkout.checkoutId)).toMatchObject({
      status: 'completed',
      cancelledAt: null,
    });
  });

  it('a repeated cancel is idempotent and keeps the first reason', async () => {
    const checkout = newCheckout();
    const first = await store().cancelOrder({ ...checkout, reason: 'declined' });
    const again = await store().cancelOrder({ ...checkout, reason: 'expired' });
    expect(first).toEqual({ outcome: 'cancelled', alreadyDone: false });
    expect(again).toEqual({ outcome: 'cancelled', alreadyDone: true });
    expect((await store().getCheckout(checkout.checkoutId))?.cancelReason).toBe('declined');
  });

  it('racing completes and cancels end in one terminal state, never both', async () => {
    const checkout = newCheckout();
    const calls = Array.from({ length: 16 }, (_, i) =>
      i % 2 === 0 ? store().completeOrder(checkout) : store().cancelOrder({ ...checkout, reason: 'expired' }),
    );
    const outcomes = new Set((await Promise.all(calls)).map((r) => r.outcome));
    const row = await store().getCheckout(checkout.checkoutId);
    const orders = await store().countOrders(checkout.checkoutId);
    if (row?.status === 'completed') {
      expect(outcomes).toEqual(new Set(['completed', 'refused']));
      expect(orders).toBe(1);
    } else {
      expect(row?.status).toBe('cancelled');
      expect(outcomes).toEqual(new Set(['cancelled', 'refused']));
      expect(orders).toBe(0);
    }
  });

  it('lists only fulfilled orders for a merchant order across attempts', async () => {
    const first = newCheckout();
    const second = newCheckout({
      merchantOrderId: first.merchantOrderId,
      provider: 'iwocapay',
      currency: 'GBP',
    });
    const before = await store().countOrders();
    await store().cancelOrder({ ...first, reason: 'declined' });
    await store().completeOrder(second);
    const orders = await store().listOrdersForMerchantOrder(first.merchantOrderId);
    expect(orders.map((o) => o.checkoutId)).toEqual([second.checkoutId]);
    expect(await store().countOrders()).toBe(before + 1);
  });
}
