// payment_operations: one row per operation id however often it is written, amounts at
// two decimals, and invalid input refused without its value in the message.
import type { OrderStore } from '../../src/store';
import { InvalidStoreInputError } from '../../src/store';

let sequence = 0;

export function paymentsContract(store: () => OrderStore): void {
  const checkoutId = () => `pay-${process.pid}-${++sequence}-a1`;

  it('records a money movement once per operation id, oldest first', async () => {
    const id = checkoutId();
    const capture = {
      operationId: `${id}:capture:k1`,
      checkoutId: id,
      kind: 'capture' as const,
      amount: '20',
      currency: 'USD',
      provider: 'affirm' as const,
      providerOperationId: 'cp-1',
    };
    expect(await store().recordPaymentOperation(capture)).toEqual({ recorded: true });
    expect(await store().recordPaymentOperation(capture)).toEqual({ recorded: false });
    await store().recordPaymentOperation({
      ...capture,
      operationId: `${id}:void:authorization`,
      kind: 'void',
      amount: undefined,
    });
    const rows = await store().listPaymentOperations(id);
    expect(rows.map((row) => [row.kind, row.amount, row.providerOperationId])).toEqual([
      ['capture', '20.00', 'cp-1'],
      ['void', null, 'cp-1'],
    ]);
  });

  it('refuses a malformed amount or kind, quoting neither', async () => {
    const id = checkoutId();
    const bad = {
      operationId: `${id}:refund:k`,
      checkoutId: id,
      kind: 'refund' as const,
      currency: 'USD',
      provider: 'wipay' as const,
    };
    await expect(store().recordPaymentOperation({ ...bad, amount: '1.234' })).rejects.toThrow(
      InvalidStoreInputError,
    );
    await expect(store().recordPaymentOperation({ ...bad, kind: 'steal' as never })).rejects.toThrow(/kind/);
    await expect(store().recordPaymentOperation({ ...bad, amount: '1.234' })).rejects.not.toThrow(/1\.234/);
    expect(await store().listPaymentOperations(id)).toEqual([]);
  });
}
