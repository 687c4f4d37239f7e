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
  WIPAY_COUNTRY_CODE: 'tt',
};

describe('loadWipayConfig', () => {
  it('is disabled without credentials', () => {
    expect(loadWipayConfig({})).toBeUndefined();
    expect(
      loadWipayConfig({ WIPAY_ACCOUNT_NUMBER: '', WIPAY_API_KEY: '', WIPAY_COUNTRY_CODE: 'tt' }),
    ).toBeUndefined();
  });

  it('derives the sandbox host from the country and applies defaults', () => {
    expect(loadWipayConfig(CREDENTIALS)).toEqual({
      apiUrl: 'https://ttsb.wipayfinancial.com',
      accountNumber: '1234567890',
      apiKey: 'wipay_secret_key',
      countryCode: 'tt',
      environment: 'sandbox',
      feeStructure: 'merchant_absorb',
      origin: 'checkout-orchestrator',
    });
  });

  it('uses the live host for live, and an explicit API URL over both', () => {
    expect(
      loadWipayConfig({ ...CREDENTIALS, WIPAY_COUNTRY_CODE: 'jm', WIPAY_ENVIRONMENT: 'live' })?.apiUrl,
    ).toBe('https://jm.wipayfinancial.com');
    expect(loadWipayConfig({ ...CREDENTIALS, WIPAY_API_URL: 'http://127.0.0.1:9/wipay' })?.apiUrl).toBe(
      'http://127.0.0.1:9/wipay',
    );
  });

  it('reads fee structure and origin', () => {
    const config = loadWipayConfig({ ...CREDENTIALS, WIPAY_FEE_STRUCTURE: 'split', WIPAY_ORIGIN: 'shop' });
    expect(config).toMatchObject({ feeStructure: 'split', origin: 'shop' });
  });

  it.each([
    [{ WIPAY_API_KEY: 'k', WIPAY_COUNTRY_CODE: 'tt' }, 'WIPAY_ACCOUNT_NUMBER'],
    [{ WIPAY_ACCOUNT_NUMBER: '1', WIPAY_COUNTRY_CODE: 'tt' }, 'WIPAY_API_KEY'],
    [{ ...CREDENTIALS, WIPAY_COUNTRY_CODE: '' }, 'WIPAY_COUNTRY_CODE'],
    [{ ...CREDENTIALS, WIPAY_COUNTRY_CODE: 'us' }, 'WIPAY_COUNTRY_CODE'],
    [{ ...CREDENTIALS, WIPAY_ENVIRONMENT: 'prod' }, 'WIPAY_ENVIRONMENT'],
    [{ ...CREDENTIALS, WIPAY_FEE_STRUCTURE: 'free' }, 'WIPAY_FEE_STRUCTURE'],
    [{ ...CREDENTIALS, WIPAY_ACCOUNT_NUMBER: 'acct-1' }, 'WIPAY_ACCOUNT_NUMBER'],
    [{ ...CREDENTIALS, WIPAY_API_URL: 'nope' }, 'WIPAY_API_URL'],
  ])('names the variable at fault: %j', (env, name) => {
    expect(() => loadWipayConfig(env)).toThrow(name);
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
  it.each([
    ['success', 'fulfil'],
    ['failed', 'cancel'],
    ['error', 'cancel'],
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
  countryCode: 'tt',
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
  it('sends every required field, the total with 2 decimals and avs 0/1', () => {
    expect(toFormFields(buildWipayPaymentRequest(input, config))).toEqual({
      account_number: '1234567890',
      country_code: 'tt',
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
