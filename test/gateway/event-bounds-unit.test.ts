// The bounds every provider event must keep before the gateway signals it, field by
// field: what each adapter produces today passes; anything longer, stranger or extra is
// an InboundParseError (400 malformed_message) whose detail names fields, never values.
import { InboundParseError } from '../../src/providers/errors';
import { boundedEvent } from '../../src/gateway/inbound/event-bounds';
import type { ProviderEvent } from '../../workflows/domain';

const base: ProviderEvent = {
  provider: 'iwocapay',
  checkoutReference: 'A-1001-a1',
  providerReference: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  kind: 'fulfil',
  rawStatus: 'SUCCESSFUL',
  occurredAt: '2026-12-01T09:00:00.000Z',
  eventId: 'iwocapay:6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d:SUCCESSFUL',
  source: 'webhook',
  amount: '250.00',
  currency: 'GBP',
};

function refusal(event: ProviderEvent): InboundParseError {
  try {
    boundedEvent(event);
  } catch (error) {
    if (error instanceof InboundParseError) return error;
    throw error;
  }
  throw new Error('the event was accepted');
}

describe('boundedEvent', () => {
  it('passes the events the adapters produce, unchanged', () => {
    const events: ProviderEvent[] = [
      base,
      {
        ...base,
        provider: 'ecomtrade24',
        providerReference: 'cs_0a1b2c',
        eventId: 'ecomtrade24:cs_0a1b2c:paid',
        rawStatus: 'paid',
      },
      {
        ...base,
        provider: 'wegetfinancing',
        eventId: 'wegetfinancing:0123456789abcdef0123456789abcdef',
        rawStatus: 'approved',
      },
      {
        ...base,
        provider: 'wipay',
        source: 'redirect',
        eventId: 'wipay-SB-12-1-1234-success',
        rawStatus: 'success',
        amount: '120',
      },
      {
        ...base,
        provider: 'affirm',
        kind: 'authorize',
        source: 'redirect',
        authorizationToken: 'O5JGF1BCM7X4GY5Z',
        eventId: 'affirm-0123456789abcdef0123456789abcdef',
        rawStatus: 'confirmed',
        amount: undefined,
        currency: undefined,
      },
      { ...base, rawStatus: 'on hold (manual review)', checkoutReference: undefined },
    ];
    for (const event of events) expect(boundedEvent(event)).toBe(event);
  });

  it('refuses ids and references over 200 characters or outside the safe characters', () => {
    const long = 'x'.repeat(201);
    expect(refusal({ ...base, eventId: long }).detail).toMatch(/eventId/);
    expect(refusal({ ...base, providerReference: long }).detail).toMatch(/providerReference/);
    expect(refusal({ ...base, checkoutReference: 'A-1" OR CheckoutStatus = "x' }).detail).toMatch(
      /checkoutReference/,
    );
    expect(refusal({ ...base, eventId: 'e\u0000' }).detail).toMatch(/eventId/);
    expect(boundedEvent({ ...base, eventId: 'x'.repeat(200) }).eventId).toHaveLength(200);
  });

  it('refuses a status over 100 characters or with control characters', () => {
    expect(refusal({ ...base, rawStatus: 'S'.repeat(101) }).detail).toMatch(/rawStatus/);
    expect(refusal({ ...base, rawStatus: 'SUCCESSFUL\r\nX-Injected: 1' }).detail).toMatch(/rawStatus/);
    expect(refusal({ ...base, rawStatus: '' }).detail).toMatch(/rawStatus/);
  });

  it('refuses an amount that is not a decimal string and a currency that is not 3 letters', () => {
    for (const amount of ['1e3', '12,50', ' 12.50', 'NaN', '1.'])
      expect(refusal({ ...base, amount }).detail).toMatch(/amount/);
    for (const currency of ['EURO', 'E1R', '€'])
      expect(refusal({ ...base, currency }).detail).toMatch(/currency/);
  });

  it('refuses a field nobody bounded, and names no value in the detail', () => {
    const secretish = 'sk_live_0123456789';
    const extra = { ...base, cardNumber: secretish } as ProviderEvent;
    expect(refusal(extra).detail).toMatch(/unknown field/);
    expect(refusal(extra).detail).not.toContain(secretish);
    expect(refusal({ ...base, eventId: secretish.repeat(20) }).detail).not.toContain(secretish);
    expect(refusal({ ...base, kind: 'paid' as ProviderEvent['kind'] }).detail).not.toContain('paid');
  });
});
