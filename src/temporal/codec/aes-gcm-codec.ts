// Payload codec: every payload the worker, the gateway or a tool sends to Temporal is
// encrypted (AES-256-GCM, a random 12-byte IV per payload), so the customer's name, email
// and address in a checkout's input, state and results are unreadable in the server's
// database and in `temporal workflow show` without the key. The encrypted payload names
// its key id in its metadata, so keys can be rotated (keys.ts). A payload that is not
// encrypted (written before the codec was turned on) decodes as it is.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKeyRing } from './keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const text = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: CodecKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The whole payload, its metadata included: the encoding says what the plaintext was.
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id) },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  private decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    if (keyId === undefined) throw new ValueError(`an encrypted payload has no ${KEY_ID_METADATA}`);
    const key = this.keys.byId.get(keyId);
    if (key === undefined) {
      throw new ValueError(
        `a payload is encrypted with key id '${keyId}', which is not in PAYLOAD_CODEC_KEYS (add it back to decrypt it)`,
      );
    }
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new ValueError('an encrypted payload is too short');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new ValueError(
        `a payload does not decrypt with key id '${keyId}' (a different key under that id, or altered)`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
