// Temporal connection settings (src/temporal/connection.ts): what envconfig's variables and
// profiles turn into, and real connections through a TLS / mTLS front to a dev server,
// for the client's Connection (gateway, tools) and the worker's NativeConnection.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { loadGatewayConfig } from '../../src/config/env';
import { loadTemporalConnection } from '../../src/temporal/connection';
import { loadWorkerConfig } from '../../src/worker/config';
import { createDevServerEnv } from '../helpers/temporal-env';
import { makeTestCertificates, startTlsProxy } from '../helpers/tls-proxy';
import type { TestCertificates, TlsProxy } from '../helpers/tls-proxy';

jest.setTimeout(120_000);

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => certs.remove());

const API_KEY = 'cloud-api-key-not-to-be-printed';

describe('connection settings', () => {
  it('keeps the documented defaults and variables: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, blanks as unset', () => {
    expect(loadTemporalConnection({})).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      summary: { tls: false, apiKey: false, clientCertificate: false },
    });
    const set = loadTemporalConnection({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'shop' });
    expect(set.connectionOptions.address).toBe('temporal:7233');
    expect(set.namespace).toBe('shop');
    expect(loadTemporalConnection({ TEMPORAL_ADDRESS: ' ', TEMPORAL_NAMESPACE: '' }).address).toBe(
      '127.0.0.1:7233',
    );
    // The worker and the gateway read the same settings.
    const env = { TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'shop', API_KEYS: 'k'.repeat(32) };
    expect(loadWorkerConfig(env).temporal).toMatchObject({ address: 'temporal:7233', namespace: 'shop' });
    expect(loadGatewayConfig(env).temporal).toMatchObject({ address: 'temporal:7233', namespace: 'shop' });
  });

  it('hands the TLS and mTLS files to the connection options', () => {
    const settings = loadTemporalConnection({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCertPath,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCertPath,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKeyPath,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const tls = settings.connectionOptions.tls;
    expect(typeof tls).toBe('object');
    if (typeof tls !== 'object' || tls === null) throw new Error('no TLS config');
    expect(Buffer.from(tls.serverRootCACertificate ?? []).equals(readFileSync(certs.caCertPath))).toBe(true);
    expect(Buffer.from(tls.clientCertPair?.crt ?? []).equals(readFileSync(certs.clientCertPath))).toBe(true);
    expect(Buffer.from(tls.clientCertPair?.key ?? []).equals(readFileSync(certs.clientKeyPath))).toBe(true);
    expect(tls.serverNameOverride).toBe('temporal.internal');
    expect(settings.summary).toMatchObject({ tls: true, clientCertificate: true, apiKey: false });
  });

  it('turns TLS on with an API key (as Temporal Cloud needs), unless TEMPORAL_TLS=false says otherwise', () => {
    const cloud = loadTemporalConnection({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'shop.a1b2c',
      TEMPORAL_API_KEY: API_KEY,
    });
    expect(cloud.connectionOptions).toMatchObject({ apiKey: API_KEY, tls: true });
    expect(cloud.summary).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      namespace: 'shop.a1b2c',
      tls: true,
      clientCertificate: false,
      apiKey: true,
    });
    // The summary is what gets logged: never the key itself.
    expect(JSON.stringify(cloud.summary)).not.toContain(API_KEY);
    const plain = loadTemporalConnection({ TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'false' });
    expect(plain.connectionOptions.tls).toBe(false);
  });

  it('uses a profile of a TOML file (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE), variables overriding it', () => {
    const file = join(certs.dir, 'temporal.toml');
    writeFileSync(
      file,
      [
        '[profile.default]',
        'address = "127.0.0.1:7233"',
        '[profile.cloud]',
        'address = "shop.a1b2c.tmprl.cloud:7233"',
        'namespace = "shop.a1b2c"',
        `api_key = "${API_KEY}"`,
        '[profile.cloud.tls]',
        `server_ca_cert_path = "${certs.caCertPath}"`,
      ].join('\n'),
    );
    const cloud = loadTemporalConnection({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cloud' });
    expect(cloud).toMatchObject({ address: 'shop.a1b2c.tmprl.cloud:7233', namespace: 'shop.a1b2c' });
    expect(cloud.connectionOptions.apiKey).toBe(API_KEY);
    expect(cloud.summary).toMatchObject({ tls: true, apiKey: true, profile: 'cloud' });
    const overridden = loadTemporalConnection({
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'cloud',
      TEMPORAL_NAMESPACE: 'shop-staging.a1b2c',
    });
    expect(overridden.namespace).toBe('shop-staging.a1b2c');
    expect(loadTemporalConnection({ TEMPORAL_CONFIG_FILE: file }).namespace).toBe('default');
  });

  it('names the problem (profile, unreadable file) and never prints the file contents', () => {
    const file = join(certs.dir, 'broken.toml');
    writeFileSync(file, `[profile.default]\napi_key = "${API_KEY}\n`);
    const messageOf = (env: NodeJS.ProcessEnv) => {
      try {
        loadTemporalConnection(env);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(messageOf({ TEMPORAL_CONFIG_FILE: file.replace('broken', 'absent') })).toMatch(
      /TEMPORAL_CONFIG_FILE: .*absent\.toml does not exist/,
    );
    const missingProfile = join(certs.dir, 'one-profile.toml');
    writeFileSync(missingProfile, '[profile.default]\naddress = "127.0.0.1:7233"\n');
    expect(messageOf({ TEMPORAL_CONFIG_FILE: missingProfile, TEMPORAL_PROFILE: 'nope' })).toMatch(
      /TEMPORAL_PROFILE: Profile 'nope' not found/,
    );
    expect(messageOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: join(certs.dir, 'missing.crt') })).toMatch(
      /missing\.crt/,
    );
    const broken = messageOf({ TEMPORAL_CONFIG_FILE: file });
    expect(broken).toContain('could not be loaded');
    expect(broken).not.toContain(API_KEY);
    // The gateway and the worker stop on the same problem.
    expect(() => loadWorkerConfig({ TEMPORAL_CONFIG_FILE: file })).toThrow(/could not be loaded/);
  });
});

describe('real connections through a TLS front', () => {
  let env: TestWorkflowEnvironment;
  let tlsOnly: TlsProxy;
  let mutual: TlsProxy;

  beforeAll(async () => {
    env = await createDevServerEnv();
    tlsOnly = await startTlsProxy(env.address, certs, { requireClientCertificate: false });
    mutual = await startTlsProxy(env.address, certs, { requireClientCertificate: true });
  });
  afterAll(async () => {
    await tlsOnly?.close();
    await mutual?.close();
    await env?.teardown();
  });

  const serverTrust = () => ({
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCertPath,
    TEMPORAL_TLS_SERVER_NAME: 'localhost',
  });

  async function systemInfoOver(settingsEnv: NodeJS.ProcessEnv): Promise<void> {
    const { connectionOptions } = loadTemporalConnection(settingsEnv);
    const client = await Connection.connect({ ...connectionOptions, connectTimeout: 5_000 });
    try {
      await client.workflowService.getSystemInfo({});
    } finally {
      await client.close();
    }
    const native = await NativeConnection.connect(connectionOptions);
    try {
      await native.workflowService.getSystemInfo({});
    } finally {
      await native.close();
    }
  }

  it('connects the client and the worker over TLS with the CA and server name from the settings', async () => {
    await systemInfoOver({ TEMPORAL_ADDRESS: tlsOnly.address, ...serverTrust() });
  });

  it('fails over TLS without the CA (the certificate is not trusted)', async () => {
    const { connectionOptions } = loadTemporalConnection({
      TEMPORAL_ADDRESS: tlsOnly.address,
      TEMPORAL_TLS: 'true',
    });
    await expect(Connection.connect({ ...connectionOptions, connectTimeout: 3_000 })).rejects.toThrow();
  });

  it('connects over mTLS with the client certificate and key files, and is refused without them', async () => {
    await systemInfoOver({
      TEMPORAL_ADDRESS: mutual.address,
      ...serverTrust(),
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCertPath,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKeyPath,
    });
    const refusedBefore = mutual.refused;
    const { connectionOptions } = loadTemporalConnection({
      TEMPORAL_ADDRESS: mutual.address,
      ...serverTrust(),
    });
    await expect(
      (async () => {
        const client = await Connection.connect({ ...connectionOptions, connectTimeout: 3_000 });
        try {
          await client.withDeadline(Date.now() + 3_000, () => client.workflowService.getSystemInfo({}));
        } finally {
          await client.close();
        }
      })(),
    ).rejects.toThrow();
    expect(mutual.refused).toBeGreaterThan(refusedBefore);
  });
});
