// Which payload codec a process runs, from PAYLOAD_CODEC_KEYS. Every process that talks to
// Temporal (worker, gateway, tools) builds its data converter here, so they all encrypt and
// decrypt alike. Production (NODE_ENV=production) refuses to run without a key; elsewhere
// no key means plain payloads (tests, a hand-run worker), which the dev stack avoids by
// generating one (src/devstack/api-key.ts).
import type { DataConverter } from '@temporalio/common';
import { z } from 'zod';
import { ConfigError } from '../../config/env';
import { unlessBlank } from '../../config/env-values';
import { describeIssues, valueFreeErrorMap } from '../../config/issues';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { codecKeysSchema } from './keys';

const codecEnvSchema = z.object({
  NODE_ENV: unlessBlank(z.string().optional()),
  PAYLOAD_CODEC_KEYS: unlessBlank(codecKeysSchema.optional()),
});

export interface PayloadCodecSettings {
  codec?: AesGcmPayloadCodec;
  /** For the start-up log line: which key encrypts (never the key). */
  encryptingKeyId?: string;
  /** Spread into Worker.create / new Client: empty when payloads stay plain. */
  dataConverter: DataConverter;
}

export function loadPayloadCodec(env: NodeJS.ProcessEnv): PayloadCodecSettings {
  const parsed = codecEnvSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const { NODE_ENV, PAYLOAD_CODEC_KEYS } = parsed.data;
  if (PAYLOAD_CODEC_KEYS === undefined) {
    if (NODE_ENV === 'production') {
      throw new ConfigError(
        'Invalid configuration: PAYLOAD_CODEC_KEYS: is required in production (id:base64key, e.g. `k1:$(openssl rand -base64 32)`)',
      );
    }
    return { dataConverter: {} };
  }
  const codec = new AesGcmPayloadCodec(PAYLOAD_CODEC_KEYS);
  return {
    codec,
    encryptingKeyId: PAYLOAD_CODEC_KEYS.current.id,
    dataConverter: { payloadCodecs: [codec] },
  };
}
