// The provider simulators on one local host, each under /<provider>, and the
// environment that points the real provider adapters at them. Webhooks and browser
// redirects from the simulators go to the gateway under test.
import express from 'express';
import { createAffirmSimulator } from '../../../src/sandbox/affirm';
import type { AffirmSimulator } from '../../../src/sandbox/affirm';
import { listenLocal } from '../../../src/sandbox/control';
import type { LocalServer } from '../../../src/sandbox/control';
import { createEcomtrade24Simulator } from '../../../src/sandbox/ecomtrade24';
import type { Ecomtrade24Simulator } from '../../../src/sandbox/ecomtrade24';
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
  ecomtrade24: {
    apiKey: 'et24-merchant-api-key',
    webhookSecret: 'et24-webhook-secret',
    domain: 'shop.example',
  },
} as const;

/** The smart-routing package the Ecomtrade24 simulator plays. */
export const ECOMTRADE24_METHODS = ['card', 'paypal'];

/** Simulators retry quickly so a test that answers 503 sees the redelivery soon. */
const FAST_RETRY = { maxAttempts: 4, initialBackoffMs: 50, maxBackoffMs: 200 };

export interface Sandboxes {
  url: string;
  env: NodeJS.ProcessEnv;
  wgf: WeGetFinancingSimulator;
  iwocapay: IwocaPaySimulator;
  affirm: AffirmSimulator;
  wipay: WipaySimulator;
  ecomtrade24: Ecomtrade24Simulator;
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
  const ecomtrade24 = createEcomtrade24Simulator({
    baseUrl: base('ecomtrade24'),
    ...SECRETS.ecomtrade24,
    integrationMode: 'smart_routing',
    methods: ECOMTRADE24_METHODS,
    webhookUrl: `${gatewayUrl}/webhooks/ecomtrade24`,
    retry: FAST_RETRY,
  });
  host.use('/wegetfinancing', wgf.app);
  host.use('/iwocapay', iwocapay.app);
  host.use('/affirm', affirm.app);
  host.use('/wipay', wipay.app);
  host.use('/ecomtrade24', ecomtrade24.app);

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
    ECOMTRADE24_API_URL: ecomtrade24.apiUrl,
    ECOMTRADE24_API_KEY: SECRETS.ecomtrade24.apiKey,
    ECOMTRADE24_WEBHOOK_SECRET: SECRETS.ecomtrade24.webhookSecret,
    ECOMTRADE24_DOMAIN: SECRETS.ecomtrade24.domain,
  };

  return {
    url: server.url,
    env,
    wgf,
    iwocapay,
    affirm,
    wipay,
    ecomtrade24,
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
      for (const deliverer of [wgf.deliverer, iwocapay.deliverer, affirm.deliverer, ecomtrade24.deliverer])
        deliverer.stop();
      await server.close();
    },
  };
}
