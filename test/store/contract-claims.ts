// Claiming events recorded for an unknown checkout: one claimer gets each event, the
// same claimer gets it again on a retry, and closed checkouts' records are never taken.
import type { InboundEventInput, OrderStore } from '../../src/store';

function recorded(eventId: string, overrides: Partial<InboundEventInput> = {}): InboundEventInput {
  return {
    provider: 'affirm',
    providerReference: 'REF0000000000001',
    rawStatus: 'confirmed',
    kind: 'authorize',
    eventId,
    reason: 'unknownCheckout',
    payload: { event: { eventId } },
    ...overrides,
  };
}

export function claimsContract(storeOf: () => OrderStore): void {
  it('gives each unknown-checkout event to one checkout only, and the same ones again to it', async () => {
    await storeOf().recordInboundEvent(recorded('claim-e-1'));
    await storeOf().recordInboundEvent(recorded('claim-e-2'));
    await storeOf().recordInboundEvent(recorded('claim-e-late', { reason: 'closedCheckout' }));
    await storeOf().recordInboundEvent(recorded('claim-e-other', { providerReference: 'REF0000000000002' }));
    await storeOf().recordInboundEvent(recorded('claim-e-wipay', { provider: 'wipay' }));
    const claim = (checkoutId: string) =>
      storeOf().claimRecordedEvents({
        provider: 'affirm',
        providerReference: 'REF0000000000001',
        checkoutId,
      });

    const [first, second, again] = await Promise.all([
      claim('claim-c-a1'),
      claim('claim-c-b1'),
      claim('claim-c-a1'),
    ]).then((answers) => answers.map((events) => events.map((event) => event.eventId).sort()));
    // Concurrent claimers: whoever's UPDATE ran first has both; the other has none.
    const winners = [first, second].filter((ids) => ids?.length);
    expect(winners).toEqual([['claim-e-1', 'claim-e-2']]);
    expect(again).toEqual(first?.length ? ['claim-e-1', 'claim-e-2'] : []);

    const owner = first?.length ? 'claim-c-a1' : 'claim-c-b1';
    const rows = await storeOf().listInboundEvents();
    const byId = new Map(rows.map((row) => [row.eventId, row.payload as Record<string, unknown>]));
    expect(byId.get('claim-e-1')).toMatchObject({ claimedBy: owner, event: { eventId: 'claim-e-1' } });
    for (const untouched of ['claim-e-late', 'claim-e-other', 'claim-e-wipay'])
      expect(byId.get(untouched)).not.toHaveProperty('claimedBy');
  });

  it('claims one event for the open checkout that stored its reference, and for no other', async () => {
    const identity = (checkoutId: string) => ({
      checkoutId,
      merchantOrderId: `m-${checkoutId}`,
      provider: 'affirm' as const,
      amount: '10.00',
      currency: 'USD',
    });
    await storeOf().recordCheckout(identity('claim-c-open'));
    await storeOf().setProviderReference('claim-c-open', 'REF0000000000003');
    await storeOf().recordCheckout(identity('claim-c-closed'));
    await storeOf().setProviderReference('claim-c-closed', 'REF0000000000004');
    await storeOf().cancelOrder({ ...identity('claim-c-closed'), reason: 'expired' });
    const providerReference = 'REF0000000000003';
    await storeOf().recordInboundEvent(recorded('claim-f-1', { providerReference }));
    await storeOf().recordInboundEvent(recorded('claim-f-2', { providerReference: 'REF0000000000004' }));
    await storeOf().recordInboundEvent(recorded('claim-f-3', { providerReference }));
    await storeOf().claimRecordedEvents({
      provider: 'affirm',
      providerReference,
      checkoutId: 'claim-c-other',
    });
    await storeOf().recordInboundEvent(recorded('claim-f-4', { providerReference }));

    const forward = (eventId: string, reference = providerReference) =>
      storeOf().claimRecordedEventForCheckout({ provider: 'affirm', providerReference: reference, eventId });
    expect(await forward('claim-f-4')).toEqual({ checkoutId: 'claim-c-open' });
    // A retry of the same claim gets the same checkout again.
    expect(await forward('claim-f-4')).toEqual({ checkoutId: 'claim-c-open' });
    expect(await forward('claim-f-2', 'REF0000000000004')).toEqual({});
    // f-1 and f-3 were claimed by another checkout first.
    expect(await forward('claim-f-1')).toEqual({});
    expect(await forward('claim-f-4', 'REF0000000000004')).toEqual({});
  });

  it('refuses a claim without a reference', async () => {
    await expect(
      storeOf().claimRecordedEvents({ provider: 'affirm', providerReference: ' ', checkoutId: 'claim-c-1' }),
    ).rejects.toThrow(/claimRecordedEvents/);
  });
}
