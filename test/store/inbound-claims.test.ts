// Claiming events recorded for an unknown checkout: one claimer gets each event, the
// same claimer gets it again on a retry, and closed checkouts' records are never taken.
import { INBOUND_CLAIMS_MIGRATION } from '../../src/store/inbound-claims-migration';
import { MIGRATIONS, createPgliteDriver, migrate, openOrderStore } from '../../src/store';
import type { InboundEventInput, OrderStore } from '../../src/store';

let store: OrderStore;
beforeAll(async () => {
  store = await openOrderStore({ dataDir: 'memory://' });
});
afterAll(() => store.close());

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

describe('claimRecordedEvents', () => {
  it('gives each unknown-checkout event to one checkout only, and the same ones again to it', async () => {
    await store.recordInboundEvent(recorded('e-1'));
    await store.recordInboundEvent(recorded('e-2'));
    await store.recordInboundEvent(recorded('e-late', { reason: 'closedCheckout' }));
    await store.recordInboundEvent(recorded('e-other', { providerReference: 'REF0000000000002' }));
    await store.recordInboundEvent(recorded('e-wipay', { provider: 'wipay' }));
    const claim = (checkoutId: string) =>
      store.claimRecordedEvents({ provider: 'affirm', providerReference: 'REF0000000000001', checkoutId });

    const [first, second, again] = await Promise.all([claim('c-a1'), claim('c-b1'), claim('c-a1')]).then(
      (answers) => answers.map((events) => events.map((event) => event.eventId).sort()),
    );
    // Concurrent claimers: whoever's UPDATE ran first has both; the other has none.
    const winners = [first, second].filter((ids) => ids?.length);
    expect(winners).toEqual([['e-1', 'e-2']]);
    expect(again).toEqual(first?.length ? ['e-1', 'e-2'] : []);

    const owner = first?.length ? 'c-a1' : 'c-b1';
    const rows = await store.listInboundEvents();
    const byId = new Map(rows.map((row) => [row.eventId, row.payload as Record<string, unknown>]));
    expect(byId.get('e-1')).toMatchObject({ claimedBy: owner, event: { eventId: 'e-1' } });
    for (const untouched of ['e-late', 'e-other', 'e-wipay'])
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
    await store.recordCheckout(identity('c-open'));
    await store.setProviderReference('c-open', 'REF0000000000003');
    await store.recordCheckout(identity('c-closed'));
    await store.setProviderReference('c-closed', 'REF0000000000004');
    await store.cancelOrder({ ...identity('c-closed'), reason: 'expired' });
    const providerReference = 'REF0000000000003';
    await store.recordInboundEvent(recorded('f-1', { providerReference }));
    await store.recordInboundEvent(recorded('f-2', { providerReference: 'REF0000000000004' }));
    await store.recordInboundEvent(recorded('f-3', { providerReference }));
    await store.claimRecordedEvents({ provider: 'affirm', providerReference, checkoutId: 'c-other' });
    await store.recordInboundEvent(recorded('f-4', { providerReference }));

    const forward = (eventId: string, reference = providerReference) =>
      store.claimRecordedEventForCheckout({ provider: 'affirm', providerReference: reference, eventId });
    expect(await forward('f-4')).toEqual({ checkoutId: 'c-open' });
    // A retry of the same claim gets the same checkout again.
    expect(await forward('f-4')).toEqual({ checkoutId: 'c-open' });
    expect(await forward('f-2', 'REF0000000000004')).toEqual({});
    // f-1 and f-3 were claimed by another checkout first.
    expect(await forward('f-1')).toEqual({});
    expect(await forward('f-4', 'REF0000000000004')).toEqual({});
  });

  it('refuses a claim without a reference', async () => {
    await expect(
      store.claimRecordedEvents({ provider: 'affirm', providerReference: ' ', checkoutId: 'c-1' }),
    ).rejects.toThrow(/claimRecordedEvents/);
  });
});

describe('migration 7 (indexes for the claims)', () => {
  it('applies after the migrations before it, and the claim queries use its indexes', async () => {
    const driver = await createPgliteDriver('memory://');
    try {
      // Numbered after whatever this branch has, as it will be after 1..6 once merged.
      const next = { ...INBOUND_CLAIMS_MIGRATION, version: MIGRATIONS.length + 1 };
      expect((await migrate(driver, [...MIGRATIONS, next])).applied).toContain(next.version);
      await driver.query('SET enable_seqscan = off');
      const plan = async (sql: string) =>
        (await driver.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).rows
          .map((row) => row['QUERY PLAN'])
          .join('\n');
      expect(
        await plan(
          `SELECT id FROM inbound_events WHERE provider = 'affirm' AND provider_reference = 'R' AND reason = 'unknownCheckout'`,
        ),
      ).toMatch(/inbound_events_unknown_reference_idx/);
      expect(
        await plan(
          `SELECT checkout_id FROM checkouts WHERE provider = 'affirm' AND provider_reference = 'R'`,
        ),
      ).toMatch(/checkouts_provider_reference_idx/);
    } finally {
      await driver.close();
    }
  });
});
