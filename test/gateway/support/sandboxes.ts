// The provider simulators on one local host, each under /<provider>, and the
// environment that points the real provider adapters at them. Webhooks and browser
// redirects from the simulators go to the gateway under test.
import express from 'express';
import type { AffirmSimulator } from '../../../src/sandbox/affirm';
import { createSandbox, SANDBOX_ECOMTRADE24_METHODS } from '../../../src/sandbox/all';
import { listenLocal } from '../../../src/sandbox/control';
import type { LocalServer } from '../../../src/sandbox/control';
import type { Ecomtrade24Simulator } from '../../../src/sandbox/ecomtrade24';
import type { IwocaPaySimulator } from '../../../src/sandbox/iwocapay';
import type { WeGetFinancingSimulator } from '../../../src/sandbox/wegetfinancing';
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
export const ECOMTRADE24_METHODS = SANDBOX_ECOMTRADE24_METHODS;

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
  const sandbox = createSandbox({
    baseUrl: server.url,
    gatewayUrl,
    credentials: {
      wgf: SECRETS.wgf,
      iwocapay: SECRETS.iwocapay,
      affirm: {
        ...SECRETS.affirm,
        webhookUser: SECRETS.affirmWebhook.user,
        webhookPassword: SECRETS.affirmWebhook.password,
      },
      wipay: SECRETS.wipay,
      ecomtrade24: SECRETS.ecomtrade24,
    },
    retry: FAST_RETRY,
  });
  host.use(sandbox.app);
  const { wegetfinancing: wgf, iwocapay, affirm, wipay, ecomtrade24 } = sandbox.simulators;
  const env: NodeJS.ProcessEnv = sandbox.providerEnv;
  const base = (provider: ProviderId) => `${server.url}/${provider}`;

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
      sandbox.stop();
      await server.close();
    },
  };
}
