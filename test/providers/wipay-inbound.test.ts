import fixtures from '../fixtures/wipay-hash-vectors.json';
import { createWipayAdapter, wipayResultHash } from '../../src/providers/wipay';
import type { WipayConfig } from '../../src/providers/wipay';
import { InboundParseError, VerificationError } from '../../src/providers/errors';
import type { InboundRequest } from '../../src/providers/types';

const receivedAt = new Date('2025-02-03T15:31:00.000Z');
const CHECKOUT = 'ORD1344-a1';

function adapterFor(apiKey: string) {
  const config: WipayConfig = {
    apiUrl: 'https://ttsb.wipayfinancial.com',
    accountNumber: '1234567890',
    apiKey,
    countryCode: 'TT',
    environment: 'sandbox',
    feeStructure: 'customer_pay',
    origin: 'shop',
  };
  return createWipayAdapter(config);
}

type Vector = (typeof fixtures.vectors)[number];
const documented = fixtures.vectors[0] as Vector;
const trimmed = fixtures.vectors[1] as Vector;

/** The browser's return as the gateway hands it over: the binding is set only when it verified. */
function redirect(
  query: Record<string, string | undefined>,
  boundCallback: InboundRequest['boundCallback'] = { checkoutId: CHECKOUT, amount: trimmed.requested_total },
): InboundRequest {
  return { method: 'GET', headers: {}, rawBody: Buffer.alloc(0), query, receivedAt, boundCallback };
}

function resultQuery(vector: Vector, status = 'success'): Record<string, string> {
  return {
    status,
    transaction_id: vector.transaction_id,
    order_id: 'someone-elses-order',
    total: vector.redirect_total,
    message: '[1-R1]: Transaction is approved.',
    hash: vector.hash,
  };
}

/** A return whose binding is absent or did not verify. */
const unbound = (query: Record<string, string | undefined>): InboundRequest => ({
  ...redirect(query),
  boundCallback: undefined,
});

const boundTo = (vector: Vector) => ({ checkoutId: CHECKOUT, amount: vector.requested_total });

describe('WiPay hash: hand-computed vectors', () => {
  it.each(fixtures.vectors)('$name', (vector) => {
    expect(vector.hashed_input.startsWith(vector.transaction_id)).toBe(true);
    expect(wipayResultHash(vector.transaction_id, vector.requested_total, vector.api_key)).toBe(vector.hash);
    const result = adapterFor(vector.api_key).parseInbound(
      'redirect',
      redirect(resultQuery(vector), boundTo(vector)),
    );
    expect(result.type).toBe('event');
  });

  it("WiPay's worked example: the hash covers the requested 10.00, not the redirect's 12.05", () => {
    expect(wipayResultHash(documented.transaction_id, '10.00', '123')).toBe(
      '3d34d20260f7433ceee277e9ed9166a3',
    );
    expect(wipayResultHash(documented.transaction_id, '12.05', '123')).not.toBe(documented.hash);
    const result = adapterFor('123').parseInbound(
      'redirect',
      redirect(resultQuery(documented), boundTo(documented)),
    );
    // The event carries what the hash proves, the requested total; the fee-inclusive total is not covered.
    expect(result).toMatchObject({ type: 'event', event: { kind: 'fulfil', amount: '10.00' } });
  });

  it('accepts an upper-case hex digest', () => {
    const query = { ...resultQuery(trimmed), hash: trimmed.hash.toUpperCase() };
    expect(adapterFor(trimmed.api_key).parseInbound('redirect', redirect(query)).type).toBe('event');
  });
});

describe('WiPay redirect → result', () => {
  const adapter = adapterFor(trimmed.api_key);

  it('a verified success is a fulfil event for the bound checkout, never the query order_id', () => {
    expect(adapter.parseInbound('redirect', redirect(resultQuery(trimmed)))).toEqual({
      type: 'event',
      event: {
        provider: 'wipay',
        checkoutReference: CHECKOUT,
        providerReference: trimmed.transaction_id,
        kind: 'fulfil',
        rawStatus: 'success',
        occurredAt: '2025-02-03T15:31:00.000Z',
        eventId: `wipay-${trimmed.transaction_id}-success`,
        source: 'redirect',
        amount: '1344.00',
      },
    });
  });

  it.each(['failed', 'error', 'pending', 'timeout'])(
    '%s without a hash: nothing to apply, for the bound checkout',
    (status) => {
      const { hash: _hash, ...query } = resultQuery(trimmed, status);
      expect(adapter.parseInbound('redirect', redirect(query))).toEqual({
        type: 'browserReturn',
        checkoutReference: CHECKOUT,
      });
    },
  );

  it('a failure with a valid hash applies nothing either (the hash does not cover status)', () => {
    expect(adapter.parseInbound('redirect', redirect(resultQuery(trimmed, 'failed')))).toEqual({
      type: 'browserReturn',
      checkoutReference: CHECKOUT,
    });
  });

  it('a failure carrying only status still goes to the cancel page', () => {
    expect(adapter.parseInbound('redirect', redirect({ status: 'failed' })).type).toBe('browserReturn');
  });

  it('refuses the webhook channel: WiPay has none', () => {
    expect(() => adapter.parseInbound('webhook', redirect(resultQuery(trimmed)))).toThrow(InboundParseError);
  });

  it('refuses a bound redirect without a status as malformed', () => {
    const { status: _status, ...query } = resultQuery(trimmed);
    expect(() => adapter.parseInbound('redirect', redirect(query))).toThrow(InboundParseError);
  });
});

describe('WiPay redirect: rejections', () => {
  const adapter = adapterFor(trimmed.api_key);
  const good = resultQuery(trimmed);

  it.each([
    ['tampered transaction_id', { ...good, transaction_id: 'SB-1-1-ORD1344-a1-20250101120001' }],
    ['missing hash', { ...good, hash: undefined }],
    ['empty hash', { ...good, hash: '' }],
    ['truncated hash', { ...good, hash: trimmed.hash.slice(0, 31) }],
    ['hash with a suffix', { ...good, hash: `${trimmed.hash}0` }],
    ['missing transaction_id', { ...good, transaction_id: undefined }],
  ])('a success with a %s → VerificationError', (_name, query) => {
    expect(() => adapter.parseInbound('redirect', redirect(query))).toThrow(VerificationError);
  });

  it('the hash is checked against the bound requested total: another bound amount fails', () => {
    for (const amount of ['1344.01', '1345', '13.44']) {
      expect(() =>
        adapter.parseInbound('redirect', redirect(good, { checkoutId: CHECKOUT, amount })),
      ).toThrow(VerificationError);
    }
  });

  it('an unbound return decides nothing, even with a hash valid for its own total', () => {
    expect(() => adapter.parseInbound('redirect', unbound(good))).toThrow(VerificationError);
    // A hash made over the redirect's total (what a forger or a stale integration would send).
    const ownTotal = {
      ...good,
      hash: wipayResultHash(trimmed.transaction_id, good.total ?? '', trimmed.api_key),
    };
    expect(() => adapter.parseInbound('redirect', unbound(ownTotal))).toThrow(VerificationError);
    const { hash: _hash, ...failed } = resultQuery(trimmed, 'failed');
    expect(() => adapter.parseInbound('redirect', unbound(failed))).toThrow(VerificationError);
  });

  it('a binding without the requested total (an Affirm-style URL) is refused', () => {
    expect(() => adapter.parseInbound('redirect', redirect(good, { checkoutId: CHECKOUT }))).toThrow(
      VerificationError,
    );
  });

  it('rejects a hash made with another API key', () => {
    expect(() => adapterFor('another_key').parseInbound('redirect', redirect(good))).toThrow(
      VerificationError,
    );
  });

  it('keeps the API key out of the error message', () => {
    expect(() => adapter.parseInbound('redirect', redirect({ ...good, hash: 'x' }))).toThrow(
      VerificationError,
    );
    expect(() => adapter.parseInbound('redirect', redirect({ ...good, hash: 'x' }))).not.toThrow(
      new RegExp(trimmed.api_key),
    );
  });
});
