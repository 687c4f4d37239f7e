// The dev stack's secrets (API key, callback key, payload codec key, codec-server key): each made once and kept in the data folder, so a restart does not
// invalidate the key a developer already pasted into curl.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newCodecKeyEntry } from '../temporal/codec/keys';

export function devApiKey(dataDir: string): string {
  return devSecret(dataDir, 'dev-api-key', 'dev_');
}

/** The dev stack's callback-binding key, kept like the API key so return URLs outlive a restart. */
export function devCallbackSecret(dataDir: string): string {
  return devSecret(dataDir, 'dev-callback-secret', 'cbs_');
}

/** The dev stack's Standard Webhooks secret (whsec_ + base64 key) for the sandbox merchant endpoint. */
export function devMerchantWebhookSecret(dataDir: string): string {
  return devSecret(dataDir, 'dev-merchant-webhook-secret', 'whsec_', () =>
    randomBytes(24).toString('base64'),
  );
}

/** PAYLOAD_CODEC_KEYS for the dev stack: one key, kept so the histories already written stay readable. */
export function devPayloadCodecKeys(dataDir: string): string {
  return devSecret(dataDir, 'dev-payload-codec-keys', '', () => newCodecKeyEntry('dev-1', randomBytes));
}

/** The key the dev stack's codec server (and its Web UI) are given. */
export function devCodecServerKey(dataDir: string): string {
  return devSecret(dataDir, 'dev-codec-server-key', 'cds_');
}

function devSecret(
  dataDir: string,
  name: string,
  prefix: string,
  generate: () => string = () => randomBytes(24).toString('hex'),
): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `${prefix}${generate()}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
