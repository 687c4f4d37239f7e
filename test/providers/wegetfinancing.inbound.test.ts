// WeGetFinancing postback verification and parsing, anchored on hand-computed vectors.
import { InboundParseError, VerificationError } from '../../src/providers/errors';
import type { InboundRequest } from '../../src/providers/types';
import {
  createWeGetFinancingAdapter,
  mapWeGetFinancingStatus,
  signPostback,
  WGF_STATUSES,
  type WeGetFinancingConfig,
} from '../../src/providers/wegetfinancing';
import fixtures from '../fixtures/wegetfinancing-postbacks.json';

const config: WeGetFinancingConfig = {
  apiUrl: 'http://127.0.0.1:1',
  merchantId: 'm-1',
  username: fixtures.credentials.username,
  password: fixtures.credentials.password,
  signatureToleranceSeconds: 300,
};
const adapter = createWeGetFinancingAdapter(config);
const [approval] = fixtures.vectors;
if (!approval) throw new Error('fixture missing');

function request(
  rawBody: string,
  headers: Record<string, string | undefined>,
  receivedAtSeconds: number,
): InboundRequest {
  return {
    method: 'POST',
    headers,
    rawBody: Buffer.from(rawBody, 'utf8'),
    query: {},
    receivedAt: new Date(receivedAtSeconds * 1000),
  };
}

function signed(vector: { timestamp: string; rawBody: string; signature: string }, skewSeconds = 5) {
  return request(
    vector.rawBody,
    { 'x-signature': vector.signature, 'x-timestamp': vector.timestamp },
    Number(vector.timestamp) + skewSeconds,
  );
}

describe('WeGetFinancing postback verification', () => {
  it.each(fixtures.vectors)('accepts the hand-signed vector: $name', (vector) => {
    const result = adapter.parseInbound('webhook', signed(vector));
    expect(result.type).toBe('event');
    if (result.type !== 'event') return;
    expect(result.event).toMatchObject({
      provider: 'wegetfinancing',
      providerReference: '0991dfd815ad17e530d88728ce046c4c',
      rawStatus: vector.expected.status,
      kind: vector.expected.kind,
      source: 'webhook',
      occurredAt: new Date(Number(vector.timestamp) * 1000).toISOString(),
    });
    expect(result.event.checkoutReference).toBe(vector.expected.checkoutReference);
    expect(result.event.amount).toBe(vector.expected.amount);
  });

  it('computes the same digest as the hand-made vectors', () => {
    for (const vector of fixtures.vectors) {
      expect(signPostback(config, vector.timestamp, vector.rawBody)).toBe(vector.signature);
    }
  });

  it('accepts an upper-case hex signature and the edges of the tolerance', () => {
    const upper = { ...approval, signature: approval.signature.toUpperCase() };
    expect(adapter.parseInbound('webhook', signed(upper, 300)).type).toBe('event');
    expect(adapter.parseInbound('webhook', signed(approval, -300)).type).toBe('event');
  });

  const rejections: Array<[string, InboundRequest]> = [
    ['tampered body', signed({ ...approval, rawBody: approval.rawBody.replace('approved', 'rejected') })],
    ['missing x-signature', request(approval.rawBody, { 'x-timestamp': approval.timestamp }, 1735689605)],
    ['missing x-timestamp', request(approval.rawBody, { 'x-signature': approval.signature }, 1735689605)],
    ['stale timestamp', signed(approval, 301)],
    ['future timestamp', signed(approval, -301)],
    ['truncated signature', signed({ ...approval, signature: approval.signature.slice(0, 63) })],
    ['empty signature', signed({ ...approval, signature: '' })],
    ['timestamp in milliseconds', signed({ ...approval, timestamp: `${approval.timestamp}000` })],
    ['signature of another timestamp', signed({ ...approval, timestamp: '1735689601' })],
  ];
  it.each(rejections)('rejects %s with VerificationError', (_name, inbound) => {
    expect(() => adapter.parseInbound('webhook', inbound)).toThrow(VerificationError);
  });

  it('rejects a signature made with another password', () => {
    const other = createWeGetFinancingAdapter({ ...config, password: 'not-the-password' });
    expect(() => other.parseInbound('webhook', signed(approval))).toThrow(VerificationError);
  });

  it('never echoes the credentials in the error', () => {
    try {
      adapter.parseInbound('webhook', signed({ ...approval, signature: '0'.repeat(64) }));
      throw new Error('expected a VerificationError');
    } catch (err) {
      expect(String(err)).not.toContain(config.password);
      expect(String(err)).not.toContain(config.username);
    }
  });

  it('verifies before parsing: an unsigned malformed body is a VerificationError', () => {
    expect(() => adapter.parseInbound('webhook', request('not json', {}, 1735689605))).toThrow(
      VerificationError,
    );
  });

  it.each([
    ['not JSON', 'status=approved'],
    ['no request_token', '{"version":"1.9","updates":{"status":"approved"}}'],
    ['no updates', '{"version":"1.9","request_token":"abc"}'],
    [
      'a malformed amount',
      '{"version":"1.9","request_token":"abc","updates":{"status":"refund","amount":"1.234"}}',
    ],
  ])('answers InboundParseError for a signed body with %s', (_name, rawBody) => {
    const timestamp = '1735689600';
    const inbound = request(
      rawBody,
      { 'x-timestamp': timestamp, 'x-signature': signPostback(config, timestamp, rawBody) },
      1735689600,
    );
    expect(() => adapter.parseInbound('webhook', inbound)).toThrow(InboundParseError);
  });

  it('keeps the event id across a redelivery signed with a new timestamp', () => {
    const ids = ['1735689600', '1735693200'].map((timestamp) => {
      const inbound = request(
        approval.rawBody,
        { 'x-timestamp': timestamp, 'x-signature': signPostback(config, timestamp, approval.rawBody) },
        Number(timestamp),
      );
      const result = adapter.parseInbound('webhook', inbound);
      return result.type === 'event' ? result.event.eventId : undefined;
    });
    expect(ids[0]).toBeDefined();
    expect(ids[0]).toBe(ids[1]);
  });

  it('gives different statuses and refund amounts different event ids', () => {
    const idOf = (rawBody: string) => {
      const ts = '1735689600';
      const result = adapter.parseInbound(
        'webhook',
        request(rawBody, { 'x-timestamp': ts, 'x-signature': signPostback(config, ts, rawBody) }, 1735689600),
      );
      return result.type === 'event' ? result.event.eventId : '';
    };
    const body = (status: string, amount?: string) =>
      JSON.stringify({
        version: '1.9',
        request_token: 'tok',
        updates: { status, ...(amount ? { amount } : {}) },
      });
    const ids = new Set([
      idOf(body('approved')),
      idOf(body('preapproved')),
      idOf(body('refund', '10.00')),
      idOf(body('refund', '5.00')),
    ]);
    expect(ids.size).toBe(4);
  });

  it('maps a verified but unknown status to unknown', () => {
    const rawBody = '{"version":"1.9","request_token":"tok","updates":{"status":"on_hold"}}';
    const ts = '1735689600';
    const result = adapter.parseInbound(
      'webhook',
      request(rawBody, { 'x-timestamp': ts, 'x-signature': signPostback(config, ts, rawBody) }, 1735689600),
    );
    expect(result.type === 'event' && result.event.kind).toBe('unknown');
  });

  it('does not take outcomes from the browser redirect', () => {
    expect(() => adapter.parseInbound('redirect', signed(approval))).toThrow(InboundParseError);
  });
});

describe('WeGetFinancing status mapping', () => {
  it.each([
    ['approved', 'fulfil'],
    ['preapproved', 'wait'],
    ['rejected', 'cancel'],
    ['refund', 'refund'],
  ])('%s → %s', (status, kind) => {
    expect(mapWeGetFinancingStatus(status)).toBe(kind);
  });

  it('covers every known status in the table test above', () => {
    expect([...WGF_STATUSES].sort()).toEqual(['approved', 'preapproved', 'refund', 'rejected']);
  });

  it.each(['APPROVED', 'pending', '', 'declined', 'constructor', '__proto__', 'toString'])(
    '%p → unknown',
    (status) => {
      expect(mapWeGetFinancingStatus(status)).toBe('unknown');
    },
  );
});
