// Ecomtrade24 webhook verification and parsing, anchored on hand-computed vectors.
import {
  createEcomtrade24Adapter,
  decideMethod,
  ECOMTRADE24_STATUSES,
  mapEcomtrade24Status,
  signWebhook,
  type Ecomtrade24Config,
} from '../../src/providers/ecomtrade24';
import { InboundParseError, VerificationError } from '../../src/providers/errors';
import type { InboundRequest } from '../../src/providers/types';
import fixtures from '../fixtures/ecomtrade24-webhooks.json';

const config: Ecomtrade24Config = {
  apiUrl: 'http://127.0.0.1:1',
  apiKey: 'key',
  webhookSecret: fixtures.webhookSecret,
  domain: 'merchant-store.example',
};
const adapter = createEcomtrade24Adapter(config);
const [paid] = fixtures.signed;
if (!paid) throw new Error('fixture missing');
const receivedAt = new Date('2025-01-01T00:00:00.000Z');

function request(rawBody: string, headers: Record<string, string> = {}): InboundRequest {
  return { method: 'POST', headers, rawBody: Buffer.from(rawBody, 'utf8'), query: {}, receivedAt };
}

describe('Ecomtrade24 webhook verification', () => {
  it.each(fixtures.signed)('turns the hand-signed vector into an event: $name', (vector) => {
    expect(
      adapter.parseInbound('webhook', request(vector.rawBody, { 'x-signature': vector.signature })),
    ).toEqual({
      type: 'event',
      event: {
        provider: 'ecomtrade24',
        ...vector.expected,
        occurredAt: '2025-01-01T00:00:00.000Z',
        eventId: `ecomtrade24:${vector.expected.providerReference}:${vector.expected.rawStatus}`,
        source: 'webhook',
      },
    });
  });

  it('computes the same digest as the hand-made vectors', () => {
    for (const vector of fixtures.signed)
      expect(signWebhook(config.webhookSecret, vector.rawBody)).toBe(vector.signature);
  });

  it.each([
    ['x-signature', paid.signature],
    ['x-ecomtrade24-signature', paid.signature],
    ['x-webhook-signature', paid.signature],
    ['x-signature', `sha256=${paid.signature}`],
    ['x-webhook-signature', `SHA256=${paid.signature.toUpperCase()}`],
  ])('accepts the signature in %s as %s', (header, value) => {
    expect(adapter.parseInbound('webhook', request(paid.rawBody, { [header]: value })).type).toBe('event');
  });

  it('uses the first header present, in the documented order', () => {
    const headers = { 'x-signature': 'f'.repeat(64), 'x-webhook-signature': paid.signature };
    expect(adapter.parseInbound('webhook', request(paid.rawBody, headers))).toMatchObject({
      reason: 'badSignature',
    });
    const blankFirst = { 'x-signature': ' ', 'x-ecomtrade24-signature': paid.signature };
    expect(adapter.parseInbound('webhook', request(paid.rawBody, blankFirst)).type).toBe('event');
  });

  const forged: Array<[string, InboundRequest]> = [
    [
      'tampered body',
      request(paid.rawBody.replace('"paid"', '"pending"'), { 'x-signature': paid.signature }),
    ],
    ['wrong secret', request(paid.rawBody, { 'x-signature': signWebhook('another-secret', paid.rawBody) })],
    ['truncated signature', request(paid.rawBody, { 'x-signature': paid.signature.slice(0, 40) })],
    ['prefix only', request(paid.rawBody, { 'x-signature': 'sha256=' })],
  ];
  it.each(forged)('answers a poll hint marked badSignature for a %s', (_name, inbound) => {
    const result = adapter.parseInbound('webhook', inbound);
    expect(result).toMatchObject({
      type: 'pollHint',
      providerReference: 'cs_4f1c2a9b',
      reason: 'badSignature',
    });
  });

  it('answers a poll hint marked unsigned when no header is present', () => {
    expect(adapter.parseInbound('webhook', request(paid.rawBody))).toEqual({
      type: 'pollHint',
      checkoutReference: 'ORDER-10001',
      providerReference: 'cs_4f1c2a9b',
      reason: 'unsigned',
    });
  });

  it.each([
    ['not JSON', 'status=paid'],
    ['JSON without session_id or order_id', '{"status":"paid"}'],
    ['a JSON array', '[]'],
  ])('throws VerificationError for an unverified body that is %s', (_name, rawBody) => {
    expect(() => adapter.parseInbound('webhook', request(rawBody))).toThrow(VerificationError);
    expect(() => adapter.parseInbound('webhook', request(rawBody, { 'x-signature': 'abc' }))).toThrow(
      VerificationError,
    );
  });

  it('reports the amount and currency the webhook names, normalised', () => {
    const rawBody = JSON.stringify({
      event: 'payment.session',
      session_id: 12345,
      order_id: 'chk_9',
      status: 'paid',
      amount: 49.9,
      currency: 'eur',
    });
    const headers = { 'x-signature': signWebhook(config.webhookSecret, rawBody) };
    const result = adapter.parseInbound('webhook', request(rawBody, headers));
    expect(result).toMatchObject({
      type: 'event',
      event: { providerReference: '12345', kind: 'fulfil', amount: '49.90', currency: 'EUR' },
    });
  });

  it('throws InboundParseError for a verified body it cannot read', () => {
    for (const raw of [
      'nope',
      '{"event":"payment.session","status":"paid"}',
      '{"event":"payment.session","session_id":"s","status":"paid","amount":"4.999"}',
    ]) {
      const inbound = request(raw, { 'x-signature': signWebhook(config.webhookSecret, raw) });
      expect(() => adapter.parseInbound('webhook', inbound)).toThrow(InboundParseError);
    }
  });

  it('does not take outcomes from the return URL', () => {
    expect(() =>
      adapter.parseInbound('redirect', request(paid.rawBody, { 'x-signature': paid.signature })),
    ).toThrow(InboundParseError);
  });
});

describe('Ecomtrade24 status mapping', () => {
  it.each([
    ['paid', 'fulfil'],
    ['pending', 'wait'],
    ['failed', 'cancel'],
    ['expired', 'cancel'],
    ['cancelled', 'cancel'],
    ['declined', 'cancel'],
  ])('%s → %s', (status, kind) => {
    expect(mapEcomtrade24Status(status)).toBe(kind);
  });

  it('has exactly the documented statuses', () => {
    expect([...ECOMTRADE24_STATUSES].sort()).toEqual([
      'cancelled',
      'declined',
      'expired',
      'failed',
      'paid',
      'pending',
    ]);
  });

  it.each(['PAID', 'canceled', 'refunded', 'success', '', 'constructor', '__proto__'])(
    '%p → unknown',
    (status) => {
      expect(mapEcomtrade24Status(status)).toBe('unknown');
    },
  );
});

describe('Ecomtrade24 smart routing decision', () => {
  const smart = { integration_mode: 'smart_routing', methods: ['card', 'paypal'] };
  it('omits any method in hosted_checkout mode', () => {
    expect(decideMethod({ integration_mode: 'hosted_checkout', methods: ['card'] }, 'card')).toMatchObject({
      allowed: true,
      method: undefined,
    });
  });
  it('sends an offered method, omits an absent one, refuses an unknown one', () => {
    expect(decideMethod(smart, 'paypal')).toMatchObject({ allowed: true, method: 'paypal' });
    expect(decideMethod(smart, undefined)).toMatchObject({ allowed: true, method: undefined });
    expect(decideMethod(smart, 'crypto')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('card, paypal'),
    });
  });
});
