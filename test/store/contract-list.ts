// Listing checkouts (newest first, keyset pages that stay stable while rows are added),
// the merchant's metadata stored with the checkout, and Idempotency-Key claims.
import { randomUUID } from 'node:crypto';
import type { CheckoutListItem, IdempotencyClaim, OrderStore } from '../../src/store';
import { InvalidStoreInputError, decodeCheckoutCursor, encodeCheckoutCursor } from '../../src/store';
import { newCheckout } from './fixtures';

async function allPages(
  store: OrderStore,
  merchantOrderId: string,
  limit: number,
  between: () => Promise<void> = async () => {},
): Promise<CheckoutListItem[][]> {
  const pages: CheckoutListItem[][] = [];
  let after;
  for (;;) {
    const page = await store.listCheckouts({ merchantOrderId, limit, ...(after ? { after } : {}) });
    pages.push(page.items);
    if (!page.next) return pages;
    // The cursor travels as text, as it does through the API.
    after = decodeCheckoutCursor(encodeCheckoutCursor(page.next));
    await between();
  }
}

export function listContract(store: () => OrderStore): void {
  it('pages newest first, and rows inserted between pages neither shift nor repeat a page', async () => {
    const merchantOrderId = `list-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) {
      const checkout = newCheckout({ merchantOrderId, checkoutId: `${merchantOrderId}-a${i}` });
      await store().recordCheckout(checkout);
      ids.push(checkout.checkoutId);
    }
    let added = 0;
    const pages = await allPages(store(), merchantOrderId, 3, async () => {
      added += 1;
      await store().recordCheckout(
        newCheckout({ merchantOrderId, checkoutId: `${merchantOrderId}-new${added}` }),
      );
    });
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((item) => item.checkoutId)).toEqual([...ids].reverse());
    // The new rows are there, at the front, for whoever starts again.
    const fresh = await store().listCheckouts({ merchantOrderId, limit: 2 });
    expect(fresh.items.map((item) => item.checkoutId)).toEqual([
      `${merchantOrderId}-new${added}`,
      `${merchantOrderId}-new${added - 1}`,
    ]);
  });

  it('filters by status, provider and creation time', async () => {
    const merchantOrderId = `filter-${randomUUID()}`;
    const open = newCheckout({ merchantOrderId, checkoutId: `${merchantOrderId}-a1`, provider: 'wipay' });
    const cancelled = newCheckout({
      merchantOrderId,
      checkoutId: `${merchantOrderId}-a2`,
      provider: 'affirm',
    });
    await store().recordCheckout(open);
    // Milliseconds here, microseconds in the database: step clear of both rows' instants.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store().recordCheckout(cancelled);
    await store().cancelOrder({ ...cancelled, reason: 'declined' });
    const ids = async (query: Partial<Parameters<OrderStore['listCheckouts']>[0]>) =>
      (await store().listCheckouts({ merchantOrderId, limit: 10, ...query })).items.map((i) => i.checkoutId);
    expect(await ids({ status: 'cancelled' })).toEqual([cancelled.checkoutId]);
    expect(await ids({ status: 'open' })).toEqual([open.checkoutId]);
    expect(await ids({ provider: 'wipay' })).toEqual([open.checkoutId]);
    expect(await ids({ createdAfter: between })).toEqual([cancelled.checkoutId]);
    const [item] = (await store().listCheckouts({ merchantOrderId, status: 'cancelled', limit: 1 })).items;
    expect(item).toMatchObject({
      status: 'cancelled',
      cancelReason: 'declined',
      provider: 'affirm',
      amount: '1344.00',
    });
  });

  it('keeps the metadata the checkout was recorded with; a repeat does not change it', async () => {
    const checkout = newCheckout();
    const metadata = { cartId: 'c-77', 'channel.name': 'web shop' };
    await store().recordCheckout({ ...checkout, metadata });
    await store().recordCheckout({ ...checkout, metadata: { cartId: 'other' } });
    const page = await store().listCheckouts({ merchantOrderId: checkout.merchantOrderId, limit: 5 });
    expect(page.items.map((item) => item.metadata)).toEqual([metadata]);
    const plain = newCheckout();
    await store().recordCheckout(plain);
    const plainPage = await store().listCheckouts({ merchantOrderId: plain.merchantOrderId, limit: 5 });
    expect(plainPage.items[0]?.metadata).toEqual({});
  });

  it('refuses a limit out of range, and reads back no cursor it did not issue', async () => {
    await expect(store().listCheckouts({ limit: 0 })).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(store().listCheckouts({ limit: 101 })).rejects.toBeInstanceOf(InvalidStoreInputError);
    expect(decodeCheckoutCursor('not a cursor')).toBeUndefined();
    expect(
      decodeCheckoutCursor(Buffer.from('{"t":"yesterday","id":"x"}').toString('base64url')),
    ).toBeUndefined();
    const key = { createdAt: '2030-01-02T03:04:05.123456Z', checkoutId: 'o-1-a1' };
    expect(decodeCheckoutCursor(encodeCheckoutCursor(key))).toEqual(key);
  });
}

export function idempotencyContract(store: () => OrderStore): void {
  const claimFor = (overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim => ({
    scope: 'scope-a',
    key: `key-${randomUUID()}`,
    route: 'POST /checkouts',
    requestHash: 'hash-1',
    ...overrides,
  });

  it('claims a key once, gives the kept answer to the same request, and refuses another request', async () => {
    const claim = claimFor();
    expect(await store().claimIdempotencyKey(claim)).toEqual({ kind: 'claimed' });
    expect(await store().claimIdempotencyKey(claim)).toEqual({ kind: 'pending' });
    await store().saveIdempotentAnswer(claim, { status: 201, body: { checkoutId: 'o-1-a1' } });
    await store().saveIdempotentAnswer(claim, { status: 200, body: { checkoutId: 'later' } });
    expect(await store().claimIdempotencyKey(claim)).toEqual({
      kind: 'answered',
      answer: { status: 201, body: { checkoutId: 'o-1-a1' } },
    });
    expect(await store().claimIdempotencyKey({ ...claim, requestHash: 'hash-2' })).toEqual({
      kind: 'reused',
    });
    expect(await store().claimIdempotencyKey({ ...claim, route: 'POST /checkouts/o-1-a1/cancel' })).toEqual({
      kind: 'reused',
    });
    // Another API key's same key is its own.
    expect(await store().claimIdempotencyKey({ ...claim, scope: 'scope-b' })).toEqual({ kind: 'claimed' });
  });

  it('lets exactly one of racing first uses claim a key', async () => {
    const claim = claimFor();
    const results = await Promise.all(Array.from({ length: 6 }, () => store().claimIdempotencyKey(claim)));
    expect(results.filter((result) => result.kind === 'claimed')).toHaveLength(1);
    expect(results.filter((result) => result.kind === 'pending')).toHaveLength(5);
  });
}
