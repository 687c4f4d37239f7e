// iwocaPay webhook verification and parsing, anchored on hand-computed vectors.
import { InboundParseError, VerificationError } from '../../src/providers/errors';
import {
  createIwocaPayAdapter,
  IWOCAPAY_STATUSES,
  mapIwocaPayStatus,
  signWebhook,
  type IwocaPayConfig,
} from '../../src/providers/iwocapay';
import type { InboundRequest } from '../../src/providers/types';
import fixtures from '../fixtures/iwocapay-webhooks.json';

const config: IwocaPayConfig = {
  baseUrl: 'http://127.0.0.1:1/',
  supplierUuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  accessToken: fixtures.accessToken,
};
const adapter = createIwocaPayAdapter(config);
const [successful] = fixtures.signed;
if (!successful) throw new Error('fixture missing');
const receivedAt = new Date('2025-01-01T00:00:00.000Z');

function request(rawBody: string, signature?: string): InboundRequest {
  return {
    method: 'POST',
    headers: signature === undefined ? {} : { 'x-iwocapay-hmac-sha256': signature },
    rawBody: Buffer.from(rawBody, 'utf8'),
    query: {},
    receivedAt,
  };
}

describe('iwocaPay webhook verification', () => {
  it.each(fixtures.signed)('turns the hand-signed vector into an event: $name', (vector) => {
    const result = adapter.parseInbound('webhook', request(vector.rawBody, vector.signature));
    expect(result).toEqual({
      type: 'event',
      event: {
        provider: 'iwocapay',
        ...vector.expected,
        currency: 'GBP',
        occurredAt: '2025-01-01T00:00:00.000Z',
        eventId: `iwocapay:${vector.expected.providerReference}:${vector.expected.rawStatus}`,
        source: 'webhook',
      },
    });
  });

  it('computes the same digest as the hand-made vectors', () => {
    for (const vector of fixtures.signed)
      expect(signWebhook(config.accessToken, vector.rawBody)).toBe(vector.signature);
  });

  it("turns the seed's unsigned older shape into a poll hint, never an outcome", () => {
    const result = adapter.parseInbound('webhook', request(fixtures.legacyUnsigned.rawBody));
    expect(result).toEqual({ type: 'pollHint', ...fixtures.legacyUnsigned.expectedHint, reason: 'unsigned' });
  });

  it('accepts the older shape when it does come signed', () => {
    const raw = fixtures.legacyUnsigned.rawBody;
    const result = adapter.parseInbound('webhook', request(raw, signWebhook(config.accessToken, raw)));
    expect(result.type === 'event' && [result.event.kind, result.event.providerReference]).toEqual([
      'fulfil',
      '42',
    ]);
  });

  const forged: Array<[string, InboundRequest]> = [
    ['tampered body', request(successful.rawBody.replace('1344.5', '1.5'), successful.signature)],
    ['truncated signature', request(successful.rawBody, successful.signature.slice(0, -2))],
    [
      'hex instead of base64',
      request(successful.rawBody, Buffer.from(successful.signature, 'base64').toString('hex')),
    ],
    [
      'signature with another key',
      request(successful.rawBody, signWebhook('another-token', successful.rawBody)),
    ],
  ];
  it.each(forged)('answers a poll hint marked badSignature for a %s', (_name, inbound) => {
    expect(adapter.parseInbound('webhook', inbound)).toEqual({
      type: 'pollHint',
      checkoutReference: expect.any(String),
      providerReference: '0f8fad5b-d9cb-469f-a165-70867728950e',
      reason: 'badSignature',
    });
  });

  it('answers a poll hint marked unsigned when the header is missing or empty', () => {
    expect(adapter.parseInbound('webhook', request(successful.rawBody))).toMatchObject({
      reason: 'unsigned',
    });
    expect(adapter.parseInbound('webhook', request(successful.rawBody, ''))).toMatchObject({
      reason: 'unsigned',
    });
  });

  it.each([
    ['not JSON', 'status=SUCCESSFUL'],
    ['JSON without reference', '{"data":{"order_id":"x","status":"SUCCESSFUL"}}'],
    ['an empty body', ''],
  ])('throws VerificationError for an unverified body that is %s', (_name, rawBody) => {
    expect(() => adapter.parseInbound('webhook', request(rawBody))).toThrow(VerificationError);
    expect(() => adapter.parseInbound('webhook', request(rawBody, 'AAAA'))).toThrow(VerificationError);
  });

  it('throws InboundParseError for a verified body it cannot read', () => {
    for (const raw of [
      'not json',
      '{"data":{"order_id":"x","reference":"r"}}',
      '{"data":{"order_id":"x","reference":"r","status":"SUCCESSFUL","amount":1.005}}',
    ]) {
      expect(() =>
        adapter.parseInbound('webhook', request(raw, signWebhook(config.accessToken, raw))),
      ).toThrow(InboundParseError);
    }
  });

  it('keeps the event id when the same change is delivered with a new webhook_id', () => {
    const body = (webhookId: string) =>
      JSON.stringify({
        data: {
          webhook_id: webhookId,
          event_type: 'ORDER_STATUS_CHANGED',
          order_id: 'o-1',
          amount: 5,
          reference: 'r',
          status: 'PENDING',
        },
      });
    const ids = ['w-1', 'w-2'].map((id) => {
      const result = adapter.parseInbound(
        'webhook',
        request(body(id), signWebhook(config.accessToken, body(id))),
      );
      return result.type === 'event' ? result.event.eventId : undefined;
    });
    expect(ids).toEqual(['iwocapay:o-1:PENDING', 'iwocapay:o-1:PENDING']);
  });

  it('does not take outcomes from the browser redirect', () => {
    expect(() => adapter.parseInbound('redirect', request(successful.rawBody, successful.signature))).toThrow(
      InboundParseError,
    );
  });
});

describe('iwocaPay status mapping', () => {
  it.each([
    ['CREATED', 'wait'],
    ['PENDING', 'wait'],
    ['APPROVED', 'wait'],
    ['SUCCESSFUL', 'fulfil'],
    ['UNSUCCESSFUL', 'cancel'],
  ])('%s → %s', (status, kind) => {
    expect(mapIwocaPayStatus(status)).toBe(kind);
  });

  it('has exactly the documented statuses', () => {
    expect([...IWOCAPAY_STATUSES].sort()).toEqual([
      'APPROVED',
      'CREATED',
      'PENDING',
      'SUCCESSFUL',
      'UNSUCCESSFUL',
    ]);
  });

  it.each(['successful', 'CANCELLED', 'EXPIRED', '', 'constructor', '__proto__', 'hasOwnProperty'])(
    '%p → unknown',
    (s) => {
      expect(mapIwocaPayStatus(s)).toBe('unknown');
    },
  );
});
