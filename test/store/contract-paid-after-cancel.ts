// paid_after_cancel: one row per provider event however often it is written (the checkout
// and the closed-checkout record may both see it), and invalid input refused without its value.
import type { OrderStore } from '../../src/store';
import { InvalidStoreInputError } from '../../src/store';

let sequence = 0;

export function paidAfterCancelContract(store: () => OrderStore): void {
  const checkoutId = () => `late-${process.pid}-${++sequence}-a1`;

  it('records a payment after cancel once per provider event, with its action', async () => {
    const id = checkoutId();
    const late = {
      checkoutId: id,
      provider: 'wegetfinancing' as const,
      eventId: `${id}:approved`,
      amount: '49.9',
      currency: 'USD',
      action: { kind: 'refundAtProvider' as const, reference: 'inv-1' },
    };
    expect(await store().recordPaidAfterCancel(late)).toEqual({ recorded: true });
    // The same event again (a redelivery, or the closed-checkout record) changes nothing.
    expect(
      await store().recordPaidAfterCancel({ ...late, action: { ...late.action, detail: 'again' } }),
    ).toEqual({ recorded: false });
    await store().recordPaidAfterCancel({
      ...late,
      provider: 'affirm',
      amount: undefined,
      currency: undefined,
      action: { kind: 'voided', reference: 'tx-1', detail: 'voided at once' },
    });
    const rows = await store().listPaidAfterCancel(id);
    expect(rows.map((row) => [row.provider, row.amount, row.currency, row.action])).toEqual([
      ['wegetfinancing', '49.90', 'USD', { kind: 'refundAtProvider', reference: 'inv-1' }],
      ['affirm', null, null, { kind: 'voided', reference: 'tx-1', detail: 'voided at once' }],
    ]);
    expect(await store().listPaidAfterCancel(checkoutId())).toEqual([]);
  });

  it('refuses a malformed amount or action, quoting neither', async () => {
    const bad = {
      checkoutId: checkoutId(),
      provider: 'wipay' as const,
      eventId: 'e-1',
      action: { kind: 'refundAtProvider' as const, reference: 'tx' },
    };
    await expect(store().recordPaidAfterCancel({ ...bad, amount: '1.234' })).rejects.toThrow(
      InvalidStoreInputError,
    );
    await expect(store().recordPaidAfterCancel({ ...bad, amount: '1.234' })).rejects.not.toThrow(/1\.234/);
    await expect(
      store().recordPaidAfterCancel({ ...bad, action: { kind: 'kept' as never, reference: 'tx' } }),
    ).rejects.toThrow(/action/);
    await expect(store().recordPaidAfterCancel({ ...bad, currency: 'usd' })).rejects.toThrow(/currency/);
  });
}
