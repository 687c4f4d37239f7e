// Merchant events in the order store: written once per id with a per-checkout sequence
// number, attempts counted, failure never undoing a delivery, listed newest first with
// filters and a cursor, and bad input refused. Run against every driver (contract.ts).
import type { OrderStore } from '../../src/store';
import { InvalidStoreInputError } from '../../src/store';

const at = '2026-12-01T10:00:00.000Z';
const event = (id: string, checkoutId: string, type: 'checkout.completed' | 'payment.captured') => ({
  id,
  checkoutId,
  type,
  data: { checkoutId },
  createdAt: at,
});

export function merchantEventsContract(getStore: () => OrderStore): void {
  let store: OrderStore;
  beforeAll(() => {
    store = getStore();
  });

  it('writes an event once: a repeat returns the first write, numbers count per checkout', async () => {
    const first = await store.recordMerchantEvent(event('evt_a1', 'c-1', 'checkout.completed'));
    const repeat = await store.recordMerchantEvent({
      ...event('evt_a1', 'c-1', 'checkout.completed'),
      data: { x: 1 },
    });
    const second = await store.recordMerchantEvent(event('evt_a2', 'c-1', 'payment.captured'));
    const other = await store.recordMerchantEvent(event('evt_b1', 'c-2', 'checkout.completed'));
    expect([first.created, repeat.created, second.created, other.created]).toEqual([true, false, true, true]);
    expect(repeat.event).toMatchObject({
      seq: 1,
      data: { checkoutId: 'c-1' },
      status: 'pending',
      createdAt: at,
    });
    expect([second.event.seq, other.event.seq]).toEqual([2, 1]);
  });

  it('counts attempts, marks a 2xx delivered, and a later failure does not undo it', async () => {
    await store.recordMerchantEvent(event('evt_c1', 'c-3', 'checkout.completed'));
    await store.recordMerchantEventAttempt({
      eventId: 'evt_c1',
      attemptedAt: at,
      statusCode: 503,
      durationMs: 12,
      errorClass: 'httpStatus',
      delivered: false,
    });
    await store.recordMerchantEventAttempt({
      eventId: 'evt_c1',
      attemptedAt: at,
      statusCode: 200,
      durationMs: 8,
      delivered: true,
    });
    expect(await store.markMerchantEventFailed('evt_c1')).toEqual({ updated: false });
    expect(await store.getMerchantEvent('evt_c1')).toMatchObject({
      status: 'delivered',
      deliveredAt: at,
      attemptCount: 2,
      attempts: [
        { attempt: 1, statusCode: 503, errorClass: 'httpStatus', durationMs: 12 },
        { attempt: 2, statusCode: 200, errorClass: null },
      ],
    });
    expect(
      await store.recordMerchantEventAttempt({
        eventId: 'evt_none',
        attemptedAt: at,
        durationMs: 1,
        delivered: true,
      }),
    ).toEqual({
      recorded: false,
    });
    await store.recordMerchantEvent(event('evt_c2', 'c-3', 'payment.captured'));
    expect(await store.markMerchantEventFailed('evt_c2')).toEqual({ updated: true });
    expect((await store.getMerchantEvent('evt_c2'))?.status).toBe('failed');
  });

  it('lists newest first, by checkout and type, page by page', async () => {
    const c1 = await store.listMerchantEvents({ checkoutId: 'c-1', limit: 10 });
    expect(c1.events.map((e) => e.id)).toEqual(['evt_a2', 'evt_a1']);
    const captured = await store.listMerchantEvents({ type: 'payment.captured', limit: 10 });
    expect(captured.events.map((e) => e.id)).toEqual(['evt_c2', 'evt_a2']);
    const seen: string[] = [];
    let before: number | undefined;
    do {
      const page = await store.listMerchantEvents({ limit: 2, before });
      seen.push(...page.events.map((e) => e.id));
      before = page.nextBefore;
    } while (before !== undefined);
    expect(seen).toEqual(['evt_c2', 'evt_c1', 'evt_b1', 'evt_a2', 'evt_a1']);
  });

  it('refuses an unknown type or a bad timestamp, naming the field', async () => {
    await expect(
      store.recordMerchantEvent({
        ...event('evt_x', 'c-9', 'checkout.completed'),
        type: 'checkout.paid' as never,
      }),
    ).rejects.toThrow(InvalidStoreInputError);
    await expect(
      store.recordMerchantEvent({ ...event('evt_x', 'c-9', 'checkout.completed'), createdAt: 'yesterday' }),
    ).rejects.toThrow(/createdAt/);
    expect(await store.getMerchantEvent('evt_x')).toBeUndefined();
  });
}
