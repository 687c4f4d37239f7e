// Configuration from the environment: defaults, the rules, and error messages that name
// the variable but never print its value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadGatewayConfig } from '../../src/config/env';
import { loadProviderRegistry } from '../../src/config/providers';

const KEY = 'k'.repeat(32);

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
      host: '127.0.0.1',
      port: 3000,
      metrics: { host: '127.0.0.1', port: 9464 },
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
      HOST: '0.0.0.0',
      PORT: '8080',
      METRICS_HOST: '10.0.0.5',
      METRICS_PORT: '9100',
      CALLBACK_SECRET: 'c'.repeat(40),
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
      host: '0.0.0.0',
      port: 8080,
      metrics: { host: '10.0.0.5', port: 9100 },
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

  it('requires API_KEYS with keys of at least 32 characters, without printing them', () => {
    expect(failure({})).toContain('API_KEYS: is required');
    const short = 'x'.repeat(31);
    const message = failure({ API_KEYS: `${KEY},${short}` });
    expect(message).toContain('API_KEYS');
    expect(message).toContain('at least 32');
    expect(message).not.toContain(short);
    expect(loadGatewayConfig({ API_KEYS: 'x'.repeat(32) }).apiKeys).toEqual(['x'.repeat(32)]);
  });

  it('refuses the .env.example placeholder and anything starting with change-me as a key', () => {
    for (const placeholder of ['change-me-to-a-long-random-key', `Change-Me-${'0'.repeat(32)}`]) {
      const message = failure({ API_KEYS: placeholder });
      expect(message).toContain('API_KEYS');
      expect(message).toContain('placeholder');
      expect(message).not.toContain(placeholder);
      expect(failure({ API_KEYS: KEY, CALLBACK_SECRET: `${placeholder}${'0'.repeat(32)}` })).toContain(
        'CALLBACK_SECRET',
      );
    }
  });

  it('ships .env.example without a key that would start the gateway', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const env = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z0-9_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(failure(env)).toContain('API_KEYS');
  });

  it('binds loopback unless HOST / METRICS_HOST say otherwise, and keeps metrics off the API port', () => {
    expect(loadGatewayConfig({ API_KEYS: KEY, HOST: '', METRICS_HOST: '' })).toMatchObject({
      host: '127.0.0.1',
      metrics: { host: '127.0.0.1' },
    });
    expect(failure({ API_KEYS: KEY, PORT: '9000', METRICS_PORT: '9000' })).toContain(
      'METRICS_PORT: must differ from PORT',
    );
    expect(failure({ API_KEYS: KEY, HOST: 'all interfaces' })).toContain('HOST: must be an IP address');
    expect(failure({ API_KEYS: KEY, METRICS_PORT: 'ninety' })).toContain('METRICS_PORT');
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
