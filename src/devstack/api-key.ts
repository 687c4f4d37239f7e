// The dev stack's secrets (API key, callback key): each made once and kept in the data folder, so a restart does not
// invalidate the key a developer already pasted into curl.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function devApiKey(dataDir: string): string {
  return devSecret(dataDir, 'dev-api-key', 'dev_');
}

/** The dev stack's callback-binding key, kept like the API key so return URLs outlive a restart. */
export function devCallbackSecret(dataDir: string): string {
  return devSecret(dataDir, 'dev-callback-secret', 'cbs_');
}

/** The dev stack's Standard Webhooks secret (whsec_ + base64 key) for the sandbox merchant endpoint. */
export function devMerchantWebhookSecret(dataDir: string): string {
  return devSecret(dataDir, 'dev-merchant-webhook-secret', 'whsec_', 'base64');
}

function devSecret(
  dataDir: string,
  name: string,
  prefix: string,
  encoding: 'hex' | 'base64' = 'hex',
): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `${prefix}${randomBytes(24).toString(encoding)}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
