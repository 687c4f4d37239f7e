import {
  loadWipayConfig,
  WIPAY_STATUS_OUTCOMES,
  WIPAY_STATUSES,
  wipayOutcome,
} from '../../src/providers/wipay';
import type { WipayConfig } from '../../src/providers/wipay';
import { ProviderError } from '../../src/providers/errors';
import { buildWipayPaymentRequest, toFormFields } from '../../src/providers/wipay/request';
import type { CreateSessionInput } from '../../src/providers/types';

const CREDENTIALS = {
  WIPAY_ACCOUNT_NUMBER: '1234567890',
  WIPAY_API_KEY: 'wipay_secret_key',
  WIPAY_COUNTRY_CODE: 'TT',
};

describe('loadWipayConfig', () => {
  it('is disabled without credentials', () => {
    expect(loadWipayConfig({})).toBeUndefined();
    expect(
      loadWipayConfig({ WIPAY_ACCOUNT_NUMBER: '', WIPAY_API_KEY: '', WIPAY_COUNTRY_CODE: 'TT' }),
    ).toBeUndefined();
  });

  it('derives the sandbox host from the country and applies defaults', () => {
    expect(loadWipayConfig(CREDENTIALS)).toEqual({
      apiUrl: 'https://ttsb.wipayfinancial.com',
      accountNumber: '1234567890',
      apiKey: 'wipay_secret_key',
      countryCode: 'TT',
      environment: 'sandbox',
      feeStructure: 'merchant_absorb',
      origin: 'checkout-orchestrator',
    });
  });

  it('uses the live host for live, and an explicit API URL over both', () => {
    expect(
      loadWipayConfig({ ...CREDENTIALS, WIPAY_COUNTRY_CODE: 'JM', WIPAY_ENVIRONMENT: 'live' })?.apiUrl,
    ).toBe('https://jm.wipayfinancial.com');
    expect(loadWipayConfig({ ...CREDENTIALS, WIPAY_API_URL: 'http://127.0.0.1:9/wipay' })?.apiUrl).toBe(
      'http://127.0.0.1:9/wipay',
    );
  });

  it.each(['TT', 'tt', 'Tt'])(
    'takes the country code %j as documented (upper case) or lower case, and keeps it upper case',
    (code) => {
      const config = loadWipayConfig({ ...CREDENTIALS, WIPAY_COUNTRY_CODE: code });
      expect(config).toMatchObject({ countryCode: 'TT', apiUrl: 'https://ttsb.wipayfinancial.com' });
    },
  );

  it.each(['GD', 'gy', 'BB'])('knows every WiPay platform: %j', (code) => {
    expect(loadWipayConfig({ ...CREDENTIALS, WIPAY_COUNTRY_CODE: code })?.countryCode).toBe(
      code.toUpperCase(),
    );
  });

  it('takes an origin of exactly 32 characters', () => {
    const origin = `shop-${'x'.repeat(27)}`;
    expect(loadWipayConfig({ ...CREDENTIALS, WIPAY_ORIGIN: origin })?.origin).toBe(origin);
  });

  it.each([
    ['33 characters', `shop-${'x'.repeat(28)}`, 'at most 32 characters'],
    ['a leading dash', '-shop', '[A-Za-z0-9_-]'],
    ['a trailing underscore', 'shop_', '[A-Za-z0-9_-]'],
    ['a space', 'my shop', '[A-Za-z0-9_-]'],
  ])('refuses an origin with %s, naming WIPAY_ORIGIN', (_what, origin, reason) => {
    expect(() => loadWipayConfig({ ...CREDENTIALS, WIPAY_ORIGIN: origin })).toThrow('WIPAY_ORIGIN');
    expect(() => loadWipayConfig({ ...CREDENTIALS, WIPAY_ORIGIN: origin })).toThrow(reason);
  });

  it('reads fee structure and origin', () => {
    const config = loadWipayConfig({ ...CREDENTIALS, WIPAY_FEE_STRUCTURE: 'split', WIPAY_ORIGIN: 'shop' });
    expect(config).toMatchObject({ feeStructure: 'split', origin: 'shop' });
  });

  it.each([
    [{ WIPAY_API_KEY: 'k', WIPAY_COUNTRY_CODE: 'TT' }, 'WIPAY_ACCOUNT_NUMBER'],
    [{ WIPAY_ACCOUNT_NUMBER: '1', WIPAY_COUNTRY_CODE: 'TT' }, 'WIPAY_API_KEY'],
    [{ ...CREDENTIALS, WIPAY_COUNTRY_CODE: '' }, 'WIPAY_COUNTRY_CODE'],
    [{ ...CREDENTIALS, WIPAY_COUNTRY_CODE: 'us' }, 'WIPAY_COUNTRY_CODE'],
    [{ ...CREDENTIALS, WIPAY_COUNTRY_CODE: 'TTO' }, 'WIPAY_COUNTRY_CODE'],
    [{ ...CREDENTIALS, WIPAY_ENVIRONMENT: 'prod' }, 'WIPAY_ENVIRONMENT'],
    [{ ...CREDENTIALS, WIPAY_FEE_STRUCTURE: 'free' }, 'WIPAY_FEE_STRUCTURE'],
    [{ ...CREDENTIALS, WIPAY_ACCOUNT_NUMBER: 'acct-1' }, 'WIPAY_ACCOUNT_NUMBER'],
    [{ ...CREDENTIALS, WIPAY_API_URL: 'nope' }, 'WIPAY_API_URL'],
  ])('names the variable at fault: %j', (env, name) => {
    expect(() => loadWipayConfig(env)).toThrow(name);
  });

  it('lists the upper-case country codes when one is unknown', () => {
    expect(() => loadWipayConfig({ ...CREDENTIALS, WIPAY_COUNTRY_CODE: 'us' })).toThrow(
      'WIPAY_COUNTRY_CODE: must be one of: BB, GD, GY, JM, TT',
    );
  });

  it('says what is allowed rather than echoing a bad value', () => {
    expect(() => loadWipayConfig({ ...CREDENTIALS, WIPAY_ENVIRONMENT: 'prodX' })).toThrow(
      'WIPAY_ENVIRONMENT: must be one of: live, sandbox',
    );
    expect(() => loadWipayConfig({ ...CREDENTIALS, WIPAY_ENVIRONMENT: 'prodX' })).not.toThrow(/prodX/);
  });

  it('never echoes the API key in its error', () => {
    expect(() => loadWipayConfig({ WIPAY_API_KEY: 'wipay_secret_key' })).not.toThrow(/wipay_secret_key/);
  });
});

describe('WiPay status mapping', () => {
  // A failure has no hash and the hash never covers status: the browser's word cannot cancel.
  it.each([
    ['success', 'fulfil'],
    ['failed', 'wait'],
    ['error', 'wait'],
  ] as const)('%s → %s', (status, kind) => {
    expect(wipayOutcome(status)).toBe(kind);
    expect(WIPAY_STATUS_OUTCOMES[status]).toBe(kind);
  });

  it('covers every known status exactly once', () => {
    expect(Object.keys(WIPAY_STATUS_OUTCOMES).sort()).toEqual([...WIPAY_STATUSES].sort());
  });

  it.each(['pending', 'timeout', 'SUCCESS', '', 'constructor'])('%j → unknown, never wait', (status) => {
    expect(wipayOutcome(status)).toBe('unknown');
  });
});

const config: WipayConfig = {
  apiUrl: 'https://ttsb.wipayfinancial.com',
  accountNumber: '1234567890',
  apiKey: 'k',
  countryCode: 'TT',
  environment: 'sandbox',
  feeStructure: 'merchant_absorb',
  origin: 'shop',
};
const input: CreateSessionInput = {
  checkoutId: 'ORD-7-a1',
  merchantOrderId: 'ORD-7',
  amount: '1344',
  currency: 'TTD',
  customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
  returnUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  callbacks: { webhookUrl: 'https://gw.example/unused', redirectUrl: 'https://gw.example/return/wipay' },
};

describe('buildWipayPaymentRequest', () => {
  it('sends every required field, country_code upper case, the total with 2 decimals and avs 0/1', () => {
    expect(toFormFields(buildWipayPaymentRequest(input, config))).toEqual({
      account_number: '1234567890',
      country_code: 'TT',
      currency: 'TTD',
      environment: 'sandbox',
      fee_structure: 'merchant_absorb',
      method: 'credit_card_co',
      order_id: 'ORD-7-a1',
      origin: 'shop',
      response_url: 'https://gw.example/return/wipay',
      total: '1344.00',
      avs: '0',
      email: 'ada@example.com',
      fname: 'Ada',
      lname: 'Lovelace',
    });
    expect(
      buildWipayPaymentRequest({ ...input, amount: '0.1', options: { avs: true } }, config),
    ).toMatchObject({
      total: '0.10',
      avs: '1',
    });
  });

  it('sends a lower-case WIPAY_COUNTRY_CODE upper case, as the payment request requires', () => {
    const fromEnv = loadWipayConfig({ ...CREDENTIALS, WIPAY_COUNTRY_CODE: 'jm' });
    if (!fromEnv) throw new Error('expected a config');
    expect(buildWipayPaymentRequest(input, fromEnv).country_code).toBe('JM');
    expect(fromEnv.apiUrl).toBe('https://jmsb.wipayfinancial.com');
  });

  it.each(['-ORD', 'ORD_', 'ORD 1', 'ORD#1', '_', '', 'ORD.1'])(
    'refuses order_id %j permanently',
    (checkoutId) => {
      const call = () => buildWipayPaymentRequest({ ...input, checkoutId }, config);
      expect(call).toThrow(ProviderError);
      expect(call).toThrow(expect.objectContaining({ transient: false }));
    },
  );

  it.each(['A', 'a_b-c', 'ORD-7-a1', '0'])('accepts order_id %j', (checkoutId) => {
    expect(buildWipayPaymentRequest({ ...input, checkoutId }, config).order_id).toBe(checkoutId);
  });

  it('refuses a response_url longer than 255 characters', () => {
    const redirectUrl = `https://gw.example/${'r'.repeat(240)}`;
    expect(() =>
      buildWipayPaymentRequest({ ...input, callbacks: { ...input.callbacks, redirectUrl } }, config),
    ).toThrow(/response_url/);
  });
});
