// The payload codec on its own: AES-256-GCM round trips through the SDK's data converter,
// each payload names its key id, keys rotate, and every failure says what is wrong
// without printing a key.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { METADATA_ENCODING_KEY, ValueError, defaultPayloadConverter } from '@temporalio/common';
import {
  decodeFromPayloadsAtIndex,
  encodeToPayloads,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
} from '../../src/temporal/codec/aes-gcm-codec';
import { loadPayloadCodec } from '../../src/temporal/codec/config';
import { codecKeysSchema, newCodecKeyEntry } from '../../src/temporal/codec/keys';

const entry = (id: string) => newCodecKeyEntry(id, randomBytes);
const codecFor = (keys: string) => new AesGcmPayloadCodec(codecKeysSchema.parse(keys));
const text = (bytes: Uint8Array | null | undefined) =>
  Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const customer = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.codec@example.com' };

async function sealed(codec: AesGcmPayloadCodec, value: unknown): Promise<Payload> {
  const [payload] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  return payload as Payload;
}

describe('AES-256-GCM payload codec', () => {
  it('encrypts the whole payload under the first key, naming its id, and decrypts it back', async () => {
    const codec = codecFor(`${entry('k2')},${entry('k1')}`);
    const payload = await sealed(codec, customer);
    expect(text(payload.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(payload.metadata?.[KEY_ID_METADATA])).toBe('k2');
    expect(Object.keys(payload.metadata ?? {}).sort()).toEqual(
      [KEY_ID_METADATA, METADATA_ENCODING_KEY].sort(),
    );
    for (const secret of [customer.email, customer.lastName, 'json/plain'])
      expect(Buffer.from(payload.data ?? []).includes(secret)).toBe(false);
    const [plain] = await codec.decode([payload]);
    expect(defaultPayloadConverter.fromPayload(plain as Payload)).toEqual(customer);
  });

  it('uses a fresh IV for every payload: the same value never encrypts the same twice', async () => {
    const codec = codecFor(entry('k1'));
    const [a, b] = [await sealed(codec, customer), await sealed(codec, customer)];
    expect(Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))).toBe(false);
    expect(
      Buffer.from(a.data ?? [])
        .subarray(0, 12)
        .equals(Buffer.from(b.data ?? []).subarray(0, 12)),
    ).toBe(false);
  });

  it('works as the data converter of the SDK (encode to payloads, decode from them)', async () => {
    const { dataConverter } = loadPayloadCodec({ PAYLOAD_CODEC_KEYS: entry('k1') });
    const loaded = loadDataConverter(dataConverter);
    const payloads = await encodeToPayloads(loaded, customer, 42);
    expect(payloads?.every((p) => text(p.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING)).toBe(
      true,
    );
    expect(await decodeFromPayloadsAtIndex(loaded, 0, payloads)).toEqual(customer);
    expect(await decodeFromPayloadsAtIndex(loaded, 1, payloads)).toBe(42);
  });

  it('rotates: a payload of the old key still decrypts once a new key is put first', async () => {
    const old = entry('2025-01');
    const before = await sealed(codecFor(old), customer);
    const rotated = codecFor(`${entry('2026-01')},${old}`);
    const [plain] = await rotated.decode([before]);
    expect(defaultPayloadConverter.fromPayload(plain as Payload)).toEqual(customer);
    expect(text((await sealed(rotated, customer)).metadata?.[KEY_ID_METADATA])).toBe('2026-01');
  });

  it('fails clearly on a payload whose key id is not configured, or that does not decrypt', async () => {
    const payload = await sealed(codecFor(entry('gone')), customer);
    const other = codecFor(entry('k1'));
    await expect(other.decode([payload])).rejects.toThrow(ValueError);
    await expect(other.decode([payload])).rejects.toThrow(
      /key id 'gone', which is not in PAYLOAD_CODEC_KEYS/,
    );
    // Same id, another key: the authentication tag does not match.
    await expect(codecFor(entry('gone')).decode([payload])).rejects.toThrow(
      /does not decrypt with key id 'gone'/,
    );
    const flipped = Buffer.from(payload.data ?? []);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    const sameKey = codecFor(entry('gone'));
    await expect(sameKey.decode([{ ...payload, data: new Uint8Array(flipped) }])).rejects.toThrow(ValueError);
  });

  it('passes a payload written before encryption was turned on through unchanged', async () => {
    const plain = defaultPayloadConverter.toPayload(customer);
    const [decoded] = await codecFor(entry('k1')).decode([plain]);
    expect(decoded).toBe(plain);
  });
});

describe('PAYLOAD_CODEC_KEYS', () => {
  it('is required in production and optional elsewhere (plain payloads)', () => {
    expect(() => loadPayloadCodec({ NODE_ENV: 'production' })).toThrow(
      /PAYLOAD_CODEC_KEYS: is required in production/,
    );
    expect(() => loadPayloadCodec({ NODE_ENV: 'production', PAYLOAD_CODEC_KEYS: ' ' })).toThrow(
      /PAYLOAD_CODEC_KEYS/,
    );
    expect(loadPayloadCodec({})).toEqual({ dataConverter: {} });
    const on = loadPayloadCodec({ NODE_ENV: 'production', PAYLOAD_CODEC_KEYS: entry('k1') });
    expect(on.encryptingKeyId).toBe('k1');
    expect(on.dataConverter.payloadCodecs).toEqual([on.codec]);
  });

  it.each([
    ['a key of 31 bytes', `k1:${randomBytes(31).toString('base64')}`, 'key k1 must be 32 bytes'],
    ['a key that is not base64', `k1:${'*'.repeat(44)}`, 'key k1 must be 32 bytes'],
    ['an entry without an id', randomBytes(32).toString('base64'), 'each entry must be id:base64key'],
    ['an id with a space', `my key:${randomBytes(32).toString('base64')}`, 'each entry must be id:base64key'],
  ])('refuses %s, naming the rule and never the key', (_case, value, rule) => {
    let message = '';
    try {
      loadPayloadCodec({ PAYLOAD_CODEC_KEYS: value });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('PAYLOAD_CODEC_KEYS');
    expect(message).toContain(rule);
    expect(message).not.toContain(value.split(':').pop() as string);
  });

  it('refuses the same key id twice', () => {
    expect(() =>
      loadPayloadCodec({ PAYLOAD_CODEC_KEYS: `k1:${randomBytes(32).toString('base64')},${entry('k1')}` }),
    ).toThrow(/key id k1 is listed twice/);
  });
});
