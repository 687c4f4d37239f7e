// The provider simulators on one local host, each under /<provider>, and the
// environment that points the real provider adapters at them. Webhooks and browser
// redirects from the simulators go to the gateway under test.
import express from 'express';
import { createAffirmSimulator } from '../../../src/sandbox/affirm';
import type { AffirmSimulator } from '../../../src/sandbox/affirm';
import { listenLocal } from '../../../src/sandbox/control';
import type { LocalServer } from '../../../src/sandbox/control';
import { createIwocaPaySimulator } from '../../../src/sandbox/iwocapay';
import type { IwocaPaySimulator } from '../../../src/sandbox/iwocapay';
import { createWeGetFinancingSimulator } from '../../../src/sandbox/wegetfinancing';
import type { WeGetFinancingSimulator } from '../../../src/sandbox/wegetfinancing';
import { createWipaySimulator } from '../../../src/sandbox/wipay';
import type { WipaySimulator } from '../../../src/sandbox/wipay';
import type { ProviderId } from '../../../workflows/domain';

export const SECRETS = {
  wgf: { merchantId: 'merchant-42', username: 'wgf_user', password: 'wgf-Secret-Pa55' },
  iwocapay: {
    supplierUuid: '6f1c2b9e-2a4d-4c7e-9b1a-3f5e8d7c6b5a',
    accessToken: 'iwoca-access-token-0123456789',
  },
  affirm: { publicKey: 'pub_sandbox_KEY', privateKey: 'priv_sandbox_SECRET' },
  affirmWebhook: { user: 'AB123', password: 'ZXY987' },
  wipay: { accountNumber: '1234567890', apiKey: 'wipay_sandbox_api_key' },
} as const;

/** Simulators retry quickly so a test that answers 503 sees the redelivery soon. */
const FAST_RETRY = { maxAttempts: 4, initialBackoffMs: 50, maxBackoffMs: 200 };

export interface Sandboxes {
  url: string;
  env: NodeJS.ProcessEnv;
  wgf: WeGetFinancingSimulator;
  iwocapay: IwocaPaySimulator;
  affirm: AffirmSimulator;
  wipay: WipaySimulator;
  /** POST to a simulator's control API, e.g. control('wegetfinancing', '/sessions/inv_1/approve'). */
  control(provider: ProviderId, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startSandboxes(gatewayUrl: string): Promise<Sandboxes> {
  const host = express();
  const server: LocalServer = await listenLocal(host);
  const base = (provider: ProviderId) => `${server.url}/${provider}`;
  const gateway = new URL(gatewayUrl);
  const affirmWebhookUrl = `${gateway.protocol}//${SECRETS.affirmWebhook.user}:${SECRETS.affirmWebhook.password}@${gateway.host}/webhooks/affirm`;

  const wgf = createWeGetFinancingSimulator({
    baseUrl: base('wegetfinancing'),
    ...SECRETS.wgf,
    retry: FAST_RETRY,
  });
  const iwocapay = createIwocaPaySimulator({
    baseUrl: base('iwocapay'),
    ...SECRETS.iwocapay,
    retry: FAST_RETRY,
  });
  const affirm = createAffirmSimulator({
    baseUrl: base('affirm'),
    ...SECRETS.affirm,
    webhookUrl: affirmWebhookUrl,
  });
  const wipay = createWipaySimulator({ baseUrl: base('wipay'), ...SECRETS.wipay });
  host.use('/wegetfinancing', wgf.app);
  host.use('/iwocapay', iwocapay.app);
  host.use('/affirm', affirm.app);
  host.use('/wipay', wipay.app);

  const env: NodeJS.ProcessEnv = {
    WGF_API_URL: wgf.apiUrl,
    WGF_MERCHANT_ID: SECRETS.wgf.merchantId,
    WGF_USERNAME: SECRETS.wgf.username,
    WGF_PASSWORD: SECRETS.wgf.password,
    IWOCAPAY_API_URL: iwocapay.apiUrl,
    IWOCAPAY_SUPPLIER_UUID: SECRETS.iwocapay.supplierUuid,
    IWOCAPAY_ACCESS_TOKEN: SECRETS.iwocapay.accessToken,
    AFFIRM_API_URL: affirm.apiUrl,
    AFFIRM_PUBLIC_KEY: SECRETS.affirm.publicKey,
    AFFIRM_PRIVATE_KEY: SECRETS.affirm.privateKey,
    AFFIRM_WEBHOOK_USER: SECRETS.affirmWebhook.user,
    AFFIRM_WEBHOOK_PASSWORD: SECRETS.affirmWebhook.password,
    WIPAY_API_URL: wipay.apiUrl,
    WIPAY_ACCOUNT_NUMBER: SECRETS.wipay.accountNumber,
    WIPAY_API_KEY: SECRETS.wipay.apiKey,
    WIPAY_COUNTRY_CODE: 'tt',
    WIPAY_ENVIRONMENT: 'sandbox',
  };

  return {
    url: server.url,
    env,
    wgf,
    iwocapay,
    affirm,
    wipay,
    async control(provider, path, body = {}) {
      const response = await fetch(`${base(provider)}/_sandbox${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async close() {
      for (const deliverer of [wgf.deliverer, iwocapay.deliverer, affirm.deliverer]) deliverer.stop();
      await server.close();
    },
  };
}
