// The codec server over real HTTP (no Temporal needed): Temporal's codec-server protocol
// for /codec/encode and /codec/decode, the key as a Bearer header or in the path (the Web
// UI's way), CORS for the configured UI origins only, and answers that never carry a
// payload's content or a key.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { createCodecServerApp } from '../../src/gateway/codec-server/app';
import { loadCodecServerConfig } from '../../src/gateway/codec-server/config';
import { createLogger } from '../../src/logging/logger';
import { loadPayloadCodec } from '../../src/temporal/codec/config';
import { newCodecKeyEntry } from '../../src/temporal/codec/keys';
import { closeServer, listenEphemeral } from './support/harness';

const KEY = `codec-key-${randomBytes(16).toString('hex')}`;
const UI_ORIGIN = 'http://127.0.0.1:8233';
const settings = loadPayloadCodec({ PAYLOAD_CODEC_KEYS: newCodecKeyEntry('k1', randomBytes) });

let server: Server;
let base: string;

beforeAll(async () => {
  const config = loadCodecServerConfig({
    CODEC_SERVER_PORT: '0',
    CODEC_SERVER_KEYS: KEY,
    CODEC_SERVER_CORS_ORIGINS: UI_ORIGIN,
  });
  if (!config || !settings.codec) throw new Error('codec server not configured');
  server = createServer(
    createCodecServerApp({ codec: settings.codec, config, logger: createLogger({ level: 'silent' }) }),
  );
  base = await listenEphemeral(server);
});
afterAll(async () => closeServer(server));

const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([name, bytes]) => [
      name,
      Buffer.from(bytes).toString('base64'),
    ]),
  ),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});
const jsonPayload = (value: unknown) => toJson(defaultPayloadConverter.toPayload(value));
const decodeText = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const answer = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: answer.status, headers: answer.headers, text: await answer.text() };
}

const bearer = { authorization: `Bearer ${KEY}` };

describe('codec server', () => {
  it('encodes and decodes payloads (proto3 JSON, base64) with the Bearer key', async () => {
    const secret = { email: 'grace@example.com' };
    const encoded = await post('/codec/encode', { payloads: [jsonPayload(secret)] }, bearer);
    expect(encoded.status).toBe(200);
    expect(encoded.text).not.toContain(Buffer.from(JSON.stringify(secret)).toString('base64'));
    const sealed = JSON.parse(encoded.text) as {
      payloads: Array<{ metadata: Record<string, string>; data: string }>;
    };
    expect(decodeText(sealed.payloads[0]?.metadata.encoding ?? '')).toBe('binary/encrypted');
    expect(decodeText(sealed.payloads[0]?.metadata['encryption-key-id'] ?? '')).toBe('k1');

    const decoded = await post('/codec/decode', sealed, { ...bearer, 'x-namespace': 'default' });
    expect(decoded.status).toBe(200);
    const plain = JSON.parse(decoded.text) as { payloads: Array<{ data: string }> };
    expect(JSON.parse(decodeText(plain.payloads[0]?.data ?? ''))).toEqual(secret);
  });

  it('takes the key as the path segment before the operation (the endpoint a Web UI is given)', async () => {
    const sealed = JSON.parse((await post(`/codec/${KEY}/encode`, { payloads: [jsonPayload('x')] })).text);
    const decoded = await post(`/codec/${KEY}/decode`, sealed);
    expect(decoded.status).toBe(200);
    expect(JSON.parse(decodeText(JSON.parse(decoded.text).payloads[0].data))).toBe('x');
  });

  it('answers no payloads for `{}` (proto3 JSON omits an empty list, as the CLI sends it)', async () => {
    const answer = await post('/codec/decode', {}, bearer);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ payloads: [] });
  });

  it.each([
    ['no key', '/codec/decode', {}],
    ['a wrong Bearer key', '/codec/decode', { authorization: `Bearer ${KEY}x` }],
    ['a wrong key in the path', `/codec/${KEY.slice(1)}/decode`, {}],
  ])('refuses %s with 401 and decodes nothing', async (_case, path, headers) => {
    const sealed = JSON.parse(
      (await post('/codec/encode', { payloads: [jsonPayload('secret-value')] }, bearer)).text,
    );
    const answer = await post(path, sealed, headers);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.text).not.toContain(Buffer.from('"secret-value"').toString('base64'));
    expect(answer.text).not.toContain(KEY);
  });

  it('refuses a body that is not Payloads JSON with 400, and an unknown key id with 422 naming only the id', async () => {
    expect((await post('/codec/decode', { payloads: [{ data: 'not base64!' }] }, bearer)).status).toBe(400);
    expect((await post('/codec/decode', 'not json', bearer)).status).toBe(400);
    const foreign = loadPayloadCodec({ PAYLOAD_CODEC_KEYS: newCodecKeyEntry('other', randomBytes) });
    const [payload] = await (foreign.codec as NonNullable<typeof foreign.codec>).encode([
      defaultPayloadConverter.toPayload('x'),
    ]);
    const body = { payloads: [toJson(payload as Payload)] };
    const answer = await post('/codec/decode', body, bearer);
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'undecodable_payload' } });
    expect(answer.text).toContain("key id 'other'");
  });

  it('answers CORS for the configured UI origin (preflight without a key) and for no other', async () => {
    const preflight = await fetch(`${base}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    const actual = await post('/codec/decode', {}, { ...bearer, origin: UI_ORIGIN });
    expect(actual.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);

    const elsewhere = await fetch(`${base}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('codec server configuration', () => {
  it('is off without CODEC_SERVER_PORT, and wants keys of 32+ characters when on', () => {
    expect(loadCodecServerConfig({})).toBeUndefined();
    expect(() => loadCodecServerConfig({ CODEC_SERVER_PORT: '8234' })).toThrow(
      /CODEC_SERVER_KEYS: is required/,
    );
    const short = 's'.repeat(31);
    let message = '';
    try {
      loadCodecServerConfig({ CODEC_SERVER_PORT: '8234', CODEC_SERVER_KEYS: short });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('at least 32');
    expect(message).not.toContain(short);
    expect(() =>
      loadCodecServerConfig({
        CODEC_SERVER_PORT: '8234',
        CODEC_SERVER_KEYS: KEY,
        CODEC_SERVER_CORS_ORIGINS: '*',
      }),
    ).toThrow(/CODEC_SERVER_CORS_ORIGINS/);
    expect(
      loadCodecServerConfig({ CODEC_SERVER_PORT: '8234', CODEC_SERVER_KEYS: `${KEY}, ${KEY}2` }),
    ).toEqual({
      host: '127.0.0.1',
      port: 8234,
      keys: [KEY, `${KEY}2`],
      corsOrigins: [],
    });
  });
});
