import fixtures from '../fixtures/wipay-hash-vectors.json';
import { createWipayAdapter, wipayResultHash } from '../../src/providers/wipay';
import type { WipayConfig } from '../../src/providers/wipay';
import { InboundParseError, VerificationError } from '../../src/providers/errors';
import type { InboundRequest } from '../../src/providers/types';

const receivedAt = new Date('2025-02-03T15:31:00.000Z');

function adapterFor(apiKey: string) {
  const config: WipayConfig = {
    apiUrl: 'https://ttsb.wipayfinancial.com',
    accountNumber: '1234567890',
    apiKey,
    countryCode: 'tt',
    environment: 'sandbox',
    feeStructure: 'merchant_absorb',
    origin: 'shop',
  };
  return createWipayAdapter(config);
}

function redirect(query: Record<string, string | undefined>): InboundRequest {
  return { method: 'GET', headers: {}, rawBody: Buffer.alloc(0), query, receivedAt };
}

type Vector = (typeof fixtures.vectors)[number];
const trimmed = fixtures.vectors[1] as Vector;

function resultQuery(vector: Vector, status = 'success'): Record<string, string> {
  return {
    status,
    transaction_id: vector.transaction_id,
    order_id: 'ORD1344-a1',
    total: vector.query_total,
    message: 'Transaction Approved',
    hash: vector.hash,
  };
}

describe('WiPay hash: hand-computed vectors', () => {
  it.each(fixtures.vectors)('$name', (vector) => {
    expect(vector.hashed_input.startsWith(vector.transaction_id)).toBe(true);
    expect(wipayResultHash(vector.transaction_id, vector.query_total, vector.api_key)).toBe(vector.hash);
    const event = adapterFor(vector.api_key).parseInbound('redirect', redirect(resultQuery(vector)));
    expect(event.type).toBe('event');
  });

  it('accepts an upper-case hex digest', () => {
    const query = { ...resultQuery(trimmed), hash: trimmed.hash.toUpperCase() };
    expect(adapterFor(trimmed.api_key).parseInbound('redirect', redirect(query)).type).toBe('event');
  });
});

describe('WiPay redirect → event', () => {
  const adapter = adapterFor(trimmed.api_key);

  it.each([
    ['success', 'fulfil'],
    ['failed', 'cancel'],
    ['error', 'cancel'],
    ['pending', 'unknown'],
  ])('status %s → %s (the hash does not cover status, the mapping does the rest)', (status, kind) => {
    const result = adapter.parseInbound('redirect', redirect(resultQuery(trimmed, status)));
    if (result.type !== 'event') throw new Error('expected an event');
    expect(result.event).toEqual({
      provider: 'wipay',
      checkoutReference: 'ORD1344-a1',
      providerReference: trimmed.transaction_id,
      kind,
      rawStatus: status,
      occurredAt: '2025-02-03T15:31:00.000Z',
      eventId: `wipay-${trimmed.transaction_id}-${status}`,
      source: 'redirect',
      amount: '1344.00',
    });
  });

  it('refuses the webhook channel: WiPay has none', () => {
    expect(() => adapter.parseInbound('webhook', redirect(resultQuery(trimmed)))).toThrow(InboundParseError);
  });

  it('refuses a verified redirect without a status as malformed', () => {
    const { status: _status, ...query } = resultQuery(trimmed);
    expect(() => adapter.parseInbound('redirect', redirect(query))).toThrow(InboundParseError);
  });
});

describe('WiPay redirect: rejections', () => {
  const adapter = adapterFor(trimmed.api_key);
  const good = resultQuery(trimmed);

  it.each([
    ['tampered total', { ...good, total: '1345' }],
    ['tampered total (cents)', { ...good, total: '1344.01' }],
    ['tampered transaction_id', { ...good, transaction_id: 'SB-1-1-ORD1344-a1-20250101120001' }],
    ['missing hash', { ...good, hash: undefined }],
    ['empty hash', { ...good, hash: '' }],
    ['truncated hash', { ...good, hash: trimmed.hash.slice(0, 31) }],
    ['hash with a suffix', { ...good, hash: `${trimmed.hash}0` }],
    ['missing total', { ...good, total: undefined }],
    ['malformed total', { ...good, total: '1,344.00' }],
    ['missing transaction_id', { ...good, transaction_id: undefined }],
  ])('%s → VerificationError', (_name, query) => {
    expect(() => adapter.parseInbound('redirect', redirect(query))).toThrow(VerificationError);
  });

  it('rejects a hash made with another API key', () => {
    expect(() => adapterFor('another_key').parseInbound('redirect', redirect(good))).toThrow(
      VerificationError,
    );
  });

  it('keeps the API key out of the error message', () => {
    expect(() => adapter.parseInbound('redirect', redirect({ ...good, total: '1' }))).not.toThrow(
      new RegExp(trimmed.api_key),
    );
  });
});
