// Configuration from the environment: defaults, the rules, and error messages that name
// the variable but never print its value.
import { ConfigError, loadGatewayConfig } from '../../src/config/env';
import { loadProviderRegistry } from '../../src/config/providers';

const KEY = 'k'.repeat(16);

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadGatewayConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadGatewayConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadGatewayConfig({ API_KEYS: KEY })).toEqual({
      production: false,
      port: 3000,
      publicBaseUrl: 'http://127.0.0.1:3000',
      apiKeys: [KEY],
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'checkouts' },
      databaseUrl: undefined,
      webhookBodyLimitBytes: 65_536,
      logLevel: 'info',
      shutdownGraceMs: 10_000,
    });
  });

  it('reads every variable, splitting keys and normalising the base URL and body limit', () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://pay.example.com/',
      API_KEYS: ` ${KEY}a , ${KEY}b ,`,
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'shop',
      TEMPORAL_TASK_QUEUE: 'q1',
      DATABASE_URL: 'postgres://u:p@db/orders',
      WEBHOOK_BODY_LIMIT: '1mb',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      production: true,
      port: 8080,
      publicBaseUrl: 'https://pay.example.com',
      apiKeys: [`${KEY}a`, `${KEY}b`],
      temporal: { address: 'temporal:7233', namespace: 'shop', taskQueue: 'q1' },
      databaseUrl: 'postgres://u:p@db/orders',
      webhookBodyLimitBytes: 1024 * 1024,
      logLevel: 'debug',
    });
    expect(loadGatewayConfig({ API_KEYS: KEY, WEBHOOK_BODY_LIMIT: '2048' }).webhookBodyLimitBytes).toBe(2048);
    expect(loadGatewayConfig({ API_KEYS: KEY, PORT: '', LOG_LEVEL: '' }).port).toBe(3000);
  });

  it('requires API_KEYS with keys of at least 16 characters, without printing them', () => {
    expect(failure({})).toContain('API_KEYS: is required');
    const message = failure({ API_KEYS: `${KEY},short-secret` });
    expect(message).toContain('API_KEYS');
    expect(message).toContain('at least 16');
    expect(message).not.toContain('short-secret');
  });

  it('requires PUBLIC_BASE_URL in production', () => {
    expect(failure({ API_KEYS: KEY, NODE_ENV: 'production' })).toContain(
      'PUBLIC_BASE_URL: is required in production',
    );
    expect(failure({ API_KEYS: KEY, PUBLIC_BASE_URL: 'ftp://x.example' })).toContain('PUBLIC_BASE_URL');
  });

  it('names the variable of a bad value and never echoes the value', () => {
    const message = failure({
      API_KEYS: KEY,
      LOG_LEVEL: 'sk_live_not_a_level',
      PORT: 'abc',
      WEBHOOK_BODY_LIMIT: 'lots',
    });
    expect(message).toContain('LOG_LEVEL: must be one of');
    expect(message).toContain('PORT');
    expect(message).toContain('WEBHOOK_BODY_LIMIT');
    expect(message).not.toContain('sk_live_not_a_level');
    expect(message).not.toContain('lots');
  });
});

describe('loadProviderRegistry', () => {
  it('enables exactly the providers with credentials', () => {
    const registry = loadProviderRegistry({
      WGF_MERCHANT_ID: 'merchant-1',
      WGF_USERNAME: 'user',
      WGF_PASSWORD: 'secret-password',
      WIPAY_ACCOUNT_NUMBER: '1234567890',
      WIPAY_API_KEY: 'wipay-key',
      WIPAY_COUNTRY_CODE: 'tt',
    });
    expect(registry.enabled()).toEqual(['wegetfinancing', 'wipay']);
    expect(registry.get('wipay').id).toBe('wipay');
    expect(() => registry.get('affirm')).toThrow(/not configured/);
  });

  it('fails with a ConfigError naming the variable, never the secret', () => {
    const attempt = () =>
      loadProviderRegistry({ WGF_MERCHANT_ID: 'merchant-1', WGF_USERNAME: 'user-only-no-password' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/WGF_PASSWORD/);
    expect(attempt).not.toThrow(/user-only-no-password/);
  });
});
