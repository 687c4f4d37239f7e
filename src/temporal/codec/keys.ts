// The payload codec's keys, from PAYLOAD_CODEC_KEYS: `id:base64key` entries separated by
// commas, the first one encrypting, every one decrypting (so a key can be rotated: put the
// new one first, keep the old ones until no history that needs them is retained). Parse
// errors name the entry's position and rule, never a key.
import { z } from 'zod';
import { commaSeparated } from '../../config/env-values';

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface CodecKey {
  id: string;
  key: Buffer;
}

export interface CodecKeyRing {
  /** New payloads are encrypted with this one. */
  current: CodecKey;
  /** Every key a payload may name, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const keyEntry = z.string().transform((entry, ctx): CodecKey => {
  const colon = entry.indexOf(':');
  const id = colon < 0 ? '' : entry.slice(0, colon).trim();
  const encoded = colon < 0 ? '' : entry.slice(colon + 1).trim();
  if (!KEY_ID.test(id)) {
    ctx.addIssue({
      code: 'custom',
      message: 'each entry must be id:base64key, the id 1-64 of A-Z a-z 0-9 . _ -',
    });
    return z.NEVER;
  }
  const key = Buffer.from(encoded, 'base64');
  if (!STRICT_BASE64.test(encoded) || key.length !== KEY_BYTES) {
    ctx.addIssue({
      code: 'custom',
      message: `key ${id} must be ${KEY_BYTES} bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
    });
    return z.NEVER;
  }
  return { id, key };
});

export const codecKeysSchema = commaSeparated()
  .pipe(z.array(keyEntry).min(1, 'must list at least one id:base64key'))
  .superRefine((keys, ctx) => {
    const ids = keys.map((key) => key.id);
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (repeated.length > 0)
      ctx.addIssue({ code: 'custom', message: `key id ${repeated[0]} is listed twice` });
  })
  .transform(
    (keys): CodecKeyRing => ({
      current: keys[0] as CodecKey,
      byId: new Map(keys.map((entry) => [entry.id, entry.key])),
    }),
  );

/** A fresh `id:base64key` entry (the dev stack's key, or one an operator generates). */
export function newCodecKeyEntry(id: string, random: (size: number) => Buffer): string {
  return `${id}:${random(KEY_BYTES).toString('base64')}`;
}
