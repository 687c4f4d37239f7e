// The gateway's pure pieces: API key matching, error classification, request schema,
// callback URLs and log redaction. No Temporal needed.
import {
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { createKeyMatcher } from '../../src/gateway/auth';
import { derivedCallbackSecret, readBoundCallback } from '../../src/gateway/callback-binding';
import { callbackUrlsFor } from '../../src/gateway/callbacks';
import { createCheckoutSchema } from '../../src/gateway/checkouts/schema';
import { toHttpError } from '../../src/gateway/errors';
import { isTemporalUnavailable } from '../../src/gateway/temporal-errors';
import { captureLogger } from './support/harness';
import { checkoutBody, record } from './support/http';

function grpcError(code: number): Error {
  return Object.assign(new Error(`grpc ${code}`), { code, details: 'x', metadata: {} });
}

describe('API key matching', () => {
  const matches = createKeyMatcher(['first-key-0123456789', 'second-key-0123456789']);

  it('accepts any configured key and nothing else', () => {
    expect(matches('first-key-0123456789')).toBe(true);
    expect(matches('second-key-0123456789')).toBe(true);
    expect(matches('first-key-012345678')).toBe(false);
    expect(matches('')).toBe(false);
    expect(matches('first-key-0123456789x')).toBe(false);
  });
});

describe('Temporal error classification', () => {
  it('treats unreachable, deadline and overload as unavailable (503)', () => {
    expect(isTemporalUnavailable(new ServiceError('x', { cause: grpcError(14) }))).toBe(true);
    expect(isTemporalUnavailable(new ServiceError('x', { cause: grpcError(4) }))).toBe(true);
    expect(isTemporalUnavailable(new ServiceError('x', { cause: grpcError(8) }))).toBe(true);
    expect(isTemporalUnavailable(new ServiceError('Failed to connect'))).toBe(true);
    expect(isTemporalUnavailable(grpcError(14))).toBe(true);
    expect(isTemporalUnavailable(new WorkflowUpdateRPCTimeoutOrCancelledError('x'))).toBe(true);
    expect(toHttpError(new ServiceError('x', { cause: grpcError(14) })).status).toBe(503);
  });

  it('does not hide real answers or bugs behind 503', () => {
    expect(isTemporalUnavailable(new ServiceError('x', { cause: grpcError(3) }))).toBe(false);
    expect(isTemporalUnavailable(new WorkflowNotFoundError('gone', 'wf', undefined))).toBe(false);
    expect(isTemporalUnavailable(new TypeError('bug'))).toBe(false);
    const opaque = toHttpError(new TypeError('secret internals'));
    expect([opaque.status, opaque.message]).toEqual([500, 'internal error']);
  });

  it('maps body-parser failures to 413 / 400 / 415', () => {
    expect(toHttpError({ type: 'entity.too.large' }).status).toBe(413);
    expect(toHttpError({ type: 'entity.parse.failed' }).status).toBe(400);
    expect(toHttpError({ type: 'encoding.unsupported' }).status).toBe(415);
  });
});

describe('checkout request schema', () => {
  it('accepts the documented body and keeps what it parsed', () => {
    const parsed = createCheckoutSchema.parse(checkoutBody('wipay', { options: { avs: true } }));
    expect(parsed.options).toEqual({ avs: true });
  });

  it.each([
    ['-leading', false],
    ['trailing_', false],
    ['a'.repeat(41), false],
    ['has space', false],
    ['A', true],
    ['Order_2024-001', true],
    ['a'.repeat(40), true],
  ])('order id %s valid: %s', (orderId, valid) => {
    expect(createCheckoutSchema.safeParse(checkoutBody('wipay', { orderId })).success).toBe(valid);
  });

  it('rejects float amounts, lower-case currencies, unknown fields and non-http URLs', () => {
    for (const overrides of [
      { amount: 49.95 },
      { amount: '49.999' },
      { amount: '0.00' },
      { currency: 'usd' },
      { surprise: true },
      { returnUrl: 'javascript:alert(1)' },
      { provider: 'paypal' },
    ]) {
      expect(createCheckoutSchema.safeParse(checkoutBody('wipay', overrides)).success).toBe(false);
    }
  });
});

describe('callback URLs', () => {
  const base = 'https://pay.example.com';
  const secret = 's'.repeat(32);
  const ctx = {
    publicBaseUrl: base,
    callbackSecret: secret,
    checkoutId: 'A-1-a1',
    amount: '10.00',
    returnUrl: 'https://shop/ok',
  };
  const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

  it('routes Affirm and WiPay browsers through the gateway, bound to their checkout, and the others to the merchant', () => {
    const affirm = callbackUrlsFor('affirm', ctx);
    expect(affirm.webhookUrl).toBe(`${base}/webhooks/affirm`);
    expect(affirm.redirectUrl.startsWith(`${base}/webhooks/affirm/confirm?`)).toBe(true);
    expect(readBoundCallback(queryOf(affirm.redirectUrl), secret)).toEqual({ checkoutId: 'A-1-a1' });
    const wipay = callbackUrlsFor('wipay', ctx);
    expect(wipay.redirectUrl.startsWith(`${base}/webhooks/wipay?`)).toBe(true);
    expect(readBoundCallback(queryOf(wipay.redirectUrl), secret)).toEqual({
      checkoutId: 'A-1-a1',
      amount: '10.00',
    });
    for (const provider of ['wegetfinancing', 'iwocapay', 'ecomtrade24'] as const) {
      expect(callbackUrlsFor(provider, ctx)).toEqual({
        webhookUrl: `${base}/webhooks/${provider}`,
        redirectUrl: 'https://shop/ok',
      });
    }
  });

  it('refuses a bound URL whose checkout, amount or signature was changed, or that another key signed', () => {
    const query = queryOf(callbackUrlsFor('wipay', ctx).redirectUrl);
    expect(readBoundCallback({ ...query, checkout_id: 'B-2-a1' }, secret)).toBeUndefined();
    expect(readBoundCallback({ ...query, requested_total: '1.00' }, secret)).toBeUndefined();
    expect(readBoundCallback({ ...query, callback_sig: 'x' }, secret)).toBeUndefined();
    expect(readBoundCallback({ ...query, callback_sig: undefined }, secret)).toBeUndefined();
    expect(readBoundCallback(query, 't'.repeat(32))).toBeUndefined();
    expect(readBoundCallback({ checkout_id: 'A-1-a1' }, secret)).toBeUndefined();
  });

  it('derives a stable callback key from an API key when none is configured', () => {
    expect(derivedCallbackSecret('k'.repeat(32))).toBe(derivedCallbackSecret('k'.repeat(32)));
    expect(derivedCallbackSecret('k'.repeat(32))).not.toBe(derivedCallbackSecret('j'.repeat(32)));
    expect(derivedCallbackSecret('k'.repeat(32))).not.toContain('k'.repeat(8));
  });
});

describe('log redaction', () => {
  it('censors authorization headers, keys, signatures and passwords at any depth', () => {
    const lines: string[] = [];
    const log = captureLogger(lines).child({ checkoutId: 'ord-1-a1', provider: 'wipay' });
    log.info(
      {
        headers: {
          authorization: 'Bearer sk_live_1',
          'x-signature': 'deadbeef',
          'x-iwocapay-hmac-sha256': 'c2ln',
        },
        config: { apiKeys: ['sk_live_2'], webhook: { password: 'hunter2' } },
        query: { hash: 'md5md5' },
      },
      'inbound',
    );
    const line = record(JSON.parse(lines[0] ?? '{}'));
    expect(line).toMatchObject({ checkoutId: 'ord-1-a1', provider: 'wipay', msg: 'inbound' });
    for (const secret of ['sk_live_1', 'deadbeef', 'c2ln', 'sk_live_2', 'hunter2', 'md5md5']) {
      expect(lines[0]).not.toContain(secret);
    }
  });
});
