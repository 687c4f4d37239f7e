import seed from '../fixtures/affirm-seed-webhooks.json';
import { createAffirmAdapter } from '../../src/providers/affirm';
import type { AffirmConfig } from '../../src/providers/affirm';
import { InboundParseError, VerificationError } from '../../src/providers/errors';
import type { InboundRequest, ProviderAdapter } from '../../src/providers/types';

const config: AffirmConfig = {
  apiUrl: 'https://sandbox.affirm.com',
  publicKey: 'pub',
  privateKey: 'priv',
  webhook: seed.basicCredentials,
  checkoutTtlMinutes: 60,
};
const adapter: ProviderAdapter = createAffirmAdapter(config);
const receivedAt = new Date('2025-05-05T05:05:05.000Z');

/** `null`: no Authorization header at all. */
function webhook(
  fields: Record<string, string>,
  authorization: string | null = seed.basicHeader,
): InboundRequest {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: authorization ?? undefined,
    },
    rawBody: Buffer.from(new URLSearchParams(fields).toString()),
    query: {},
    receivedAt,
  };
}

function eventOf(request: InboundRequest, channel: 'webhook' | 'redirect' = 'webhook') {
  const result = adapter.parseInbound(channel, request);
  if (result.type !== 'event') throw new Error('expected an event');
  return result.event;
}

describe('Affirm webhook: the seed examples', () => {
  it('checks the fixture header is the seed credentials, independently of the code', () => {
    expect(seed.basicHeader).toBe(`Basic ${Buffer.from('AB123:ZXY987').toString('base64')}`);
  });

  it.each([
    ['sent', 'wait', '2017-09-27T06:23:12.901Z'],
    ['approved', 'wait', '2017-09-27T06:25:12.901Z'],
    ['not_approved', 'cancel', '2017-09-27T06:23:12.901Z'],
    ['confirmed', 'authorize', '2017-09-27T06:25:31.316Z'],
  ])('%s → %s', (name, kind, occurredAt) => {
    const example = seed.examples.find((e) => e.event === name);
    if (!example) throw new Error(`no seed example for ${name}`);
    const event = eventOf(webhook(example));
    expect(event).toMatchObject({
      provider: 'affirm',
      providerReference: 'XVCZEXIR8NSJC5GK',
      kind,
      rawStatus: name,
      occurredAt,
      source: 'webhook',
    });
    expect(event.checkoutReference).toBeUndefined();
    expect(event.authorizationToken).toBe(name === 'confirmed' ? 'XVCZEXIR8NSJC5GK' : undefined);
  });

  it('reads the seed format example byte for byte, with order_id as our checkout reference', () => {
    const event = eventOf({ ...webhook({}), rawBody: Buffer.from(seed.formatExample) });
    expect(event).toMatchObject({ checkoutReference: '1234', rawStatus: 'approved', kind: 'wait' });
  });

  it('gives a repeated delivery the same event id, and different events different ids', () => {
    const [sent, approved] = seed.examples;
    const first = eventOf(webhook(sent as Record<string, string>)).eventId;
    expect(eventOf(webhook(sent as Record<string, string>)).eventId).toBe(first);
    expect(eventOf(webhook(approved as Record<string, string>)).eventId).not.toBe(first);
    const later = { ...(sent as Record<string, string>), event_timestamp: '2017-09-27T06:23:13.000000' };
    expect(eventOf(webhook(later)).eventId).not.toBe(first);
  });

  it('maps an event Affirm adds later to unknown', () => {
    const event = eventOf(webhook({ ...seed.examples[0], event: 'loan_repaid' }));
    expect(event.kind).toBe('unknown');
  });
});

describe('Affirm webhook: verification comes first', () => {
  const body = seed.examples[3] as Record<string, string>;
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

  it.each([
    ['missing Authorization header', null],
    ['wrong password', basic('AB123:ZXY986')],
    ['wrong user', basic('AB124:ZXY987')],
    ['password with a suffix', basic('AB123:ZXY9870')],
    ['truncated password', basic('AB123:ZXY98')],
    ['no colon', basic('AB123ZXY987')],
    ['empty credentials', basic(':')],
    ['bearer scheme', 'Bearer QUIxMjM6WlhZOTg3'],
  ])('rejects %s', (_name, authorization) => {
    expect(() => adapter.parseInbound('webhook', webhook(body, authorization))).toThrow(VerificationError);
  });

  it('accepts the scheme in any case', () => {
    expect(eventOf(webhook(body, seed.basicHeader.replace('Basic', 'basic'))).kind).toBe('authorize');
  });

  it('rejects even a malformed body as unauthenticated when the credentials are wrong', () => {
    const request = { ...webhook({}, null), rawBody: Buffer.from('{"json":true}') };
    expect(() => adapter.parseInbound('webhook', request)).toThrow(VerificationError);
  });

  it('rejects every webhook when no webhook credentials are configured', () => {
    const unconfigured = createAffirmAdapter({ ...config, webhook: undefined });
    expect(() => unconfigured.parseInbound('webhook', webhook(body))).toThrow(VerificationError);
  });

  it('keeps the secret out of the error message', () => {
    try {
      adapter.parseInbound('webhook', webhook(body, basic('AB123:nope')));
      throw new Error('not rejected');
    } catch (err) {
      expect(String(err)).not.toMatch(/ZXY987|nope/);
    }
  });

  it.each([
    ['no checkout_token', { event: 'sent', event_timestamp: '2017-09-27T06:23:12.901233' }],
    ['no event', { checkout_token: 'X', event_timestamp: '2017-09-27T06:23:12.901233' }],
    ['no event_timestamp', { checkout_token: 'X', event: 'sent' }],
    ['a bad timestamp', { checkout_token: 'X', event: 'sent', event_timestamp: 'yesterday' }],
  ])('authenticated but malformed (%s) → InboundParseError', (_name, fields) => {
    expect(() => adapter.parseInbound('webhook', webhook(fields))).toThrow(InboundParseError);
  });
});

describe('Affirm confirmation redirect', () => {
  const BOUND = { checkoutId: 'ORD-1-a1' };
  const redirect = (
    query: Record<string, string>,
    method = 'GET',
    rawBody = '',
    /** `null`: the gateway found no valid binding in the URL. */
    boundCallback: InboundRequest['boundCallback'] | null = BOUND,
  ): InboundRequest => ({
    method,
    headers: {},
    rawBody: Buffer.from(rawBody),
    query,
    receivedAt,
    boundCallback: boundCallback ?? undefined,
  });

  it('turns a bound GET return into an authorize event for the bound checkout', () => {
    const event = eventOf(
      redirect({ checkout_token: 'XVCZEXIR8NSJC5GK', checkout_id: 'ORD-1-a1', callback_sig: 'sig' }),
      'redirect',
    );
    expect(event).toEqual({
      provider: 'affirm',
      checkoutReference: 'ORD-1-a1',
      providerReference: 'XVCZEXIR8NSJC5GK',
      kind: 'authorize',
      rawStatus: 'confirmed',
      occurredAt: '2025-05-05T05:05:05.000Z',
      eventId: expect.stringMatching(/^affirm-[0-9a-f]{32}$/),
      source: 'redirect',
      authorizationToken: 'XVCZEXIR8NSJC5GK',
    });
  });

  it('reads a POSTed token (user_confirmation_url_action POST)', () => {
    const event = eventOf(redirect({ checkout_id: 'ORD-1-a1' }, 'POST', 'checkout_token=TOK123'), 'redirect');
    expect(event).toMatchObject({ authorizationToken: 'TOK123', checkoutReference: 'ORD-1-a1' });
  });

  it('refuses a return whose URL carries no valid binding, whatever its query names', () => {
    const unbound: Array<Record<string, string>> = [
      { checkout_token: 'forged', checkout_id: 'ORD-1-a1' },
      { checkout_token: 'forged', checkout_id: 'ORD-1-a1', callback_sig: 'not-ours' },
      { checkout_token: 'forged' },
    ];
    for (const query of unbound) {
      expect(() => adapter.parseInbound('redirect', redirect(query, 'GET', '', null))).toThrow(
        VerificationError,
      );
    }
  });

  it('takes the checkout from the binding, never from the query or the body', () => {
    const event = eventOf(
      redirect({ checkout_token: 'T1', checkout_id: 'EVIL-1-a1' }, 'POST', 'checkout_id=EVIL-2-a1'),
      'redirect',
    );
    expect(event.checkoutReference).toBe('ORD-1-a1');
  });

  it('gives a refreshed return the same event id, and another checkout a different one', () => {
    const a = eventOf(redirect({ checkout_token: 'T1' }), 'redirect');
    const b = eventOf({ ...redirect({ checkout_token: 'T1' }), receivedAt: new Date() }, 'redirect');
    expect(b.eventId).toBe(a.eventId);
    const other = eventOf(
      redirect({ checkout_token: 'T1' }, 'GET', '', { checkoutId: 'ORD-2-a1' }),
      'redirect',
    );
    expect(other.eventId).not.toBe(a.eventId);
  });

  it('refuses a bound return without a token', () => {
    expect(() => adapter.parseInbound('redirect', redirect({ checkout_id: 'ORD-1-a1' }))).toThrow(
      InboundParseError,
    );
    expect(() => adapter.parseInbound('redirect', redirect({ checkout_token: '' }))).toThrow(
      InboundParseError,
    );
  });
});
