// All five provider simulators on one host, each under /<provider>, plus the
// environment that points the real adapters at them. Used by `npm start`'s sandbox,
// the demo and the end-to-end tests. Webhooks and browser redirects go to the gateway.
import express from 'express';
import type { ProviderId } from '../../workflows/domain';
import { createAffirmSimulator } from './affirm';
import type { AffirmSimulator } from './affirm';
import type { SandboxCredentials } from './credentials';
import type { DeliveryRetryPolicy } from './delivery';
import { createEcomtrade24Simulator } from './ecomtrade24';
import type { Ecomtrade24Simulator } from './ecomtrade24';
import { createIwocaPaySimulator } from './iwocapay';
import type { IwocaPaySimulator } from './iwocapay';
import { createMerchantReceiver } from './merchant/receiver';
import type { MerchantReceiver } from './merchant/receiver';
import { createWeGetFinancingSimulator } from './wegetfinancing';
import type { WeGetFinancingSimulator } from './wegetfinancing';
import { createWipaySimulator } from './wipay';
import type { WipaySimulator } from './wipay';

/** The smart-routing package the Ecomtrade24 simulator plays. */
export const SANDBOX_ECOMTRADE24_METHODS = ['card', 'paypal'];

export interface SandboxOptions {
  /** Where the returned app is served, without a trailing slash, e.g. http://127.0.0.1:4000. */
  baseUrl: string;
  /** The gateway's public base URL: webhooks go to `${gatewayUrl}/webhooks/<provider>`. */
  gatewayUrl: string;
  credentials: SandboxCredentials;
  /** Redelivery policy of the providers that retry (Affirm never does). */
  retry?: DeliveryRetryPolicy;
  /** With a Standard Webhooks secret, a merchant endpoint that verifies every event is served at /merchant. */
  merchantWebhookSecret?: string;
}

export interface Sandbox {
  app: express.Application;
  simulators: {
    wegetfinancing: WeGetFinancingSimulator;
    iwocapay: IwocaPaySimulator;
    affirm: AffirmSimulator;
    wipay: WipaySimulator;
    ecomtrade24: Ecomtrade24Simulator;
  };
  /** The merchant's endpoint for signed merchant events, when a secret was given. */
  merchant?: { receiver: MerchantReceiver; url: string };
  /** Provider variables that point the adapters at this sandbox. */
  providerEnv: Record<string, string>;
  /** Stops every pending redelivery. */
  stop(): void;
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const { baseUrl, gatewayUrl, credentials: c, retry } = options;
  const base = (provider: ProviderId) => `${baseUrl}/${provider}`;
  const gateway = new URL(gatewayUrl);
  // Affirm puts the Basic credentials in the webhook URL registered with it.
  const affirmWebhookUrl = `${gateway.protocol}//${c.affirm.webhookUser}:${c.affirm.webhookPassword}@${gateway.host}/webhooks/affirm`;

  const simulators = {
    wegetfinancing: createWeGetFinancingSimulator({ baseUrl: base('wegetfinancing'), ...c.wgf, retry }),
    iwocapay: createIwocaPaySimulator({ baseUrl: base('iwocapay'), ...c.iwocapay, retry }),
    affirm: createAffirmSimulator({
      baseUrl: base('affirm'),
      publicKey: c.affirm.publicKey,
      privateKey: c.affirm.privateKey,
      webhookUrl: affirmWebhookUrl,
    }),
    wipay: createWipaySimulator({ baseUrl: base('wipay'), ...c.wipay }),
    ecomtrade24: createEcomtrade24Simulator({
      baseUrl: base('ecomtrade24'),
      ...c.ecomtrade24,
      integrationMode: 'smart_routing',
      methods: SANDBOX_ECOMTRADE24_METHODS,
      webhookUrl: `${gatewayUrl}/webhooks/ecomtrade24`,
      retry,
    }),
  };

  const app = express();
  for (const [provider, simulator] of Object.entries(simulators)) app.use(`/${provider}`, simulator.app);
  const receiver = options.merchantWebhookSecret && createMerchantReceiver(options.merchantWebhookSecret);
  if (receiver) app.use('/merchant', receiver.router);

  const providerEnv: Record<string, string> = {
    WGF_API_URL: simulators.wegetfinancing.apiUrl,
    WGF_MERCHANT_ID: c.wgf.merchantId,
    WGF_USERNAME: c.wgf.username,
    WGF_PASSWORD: c.wgf.password,
    IWOCAPAY_BASE_URL: simulators.iwocapay.baseUrl,
    IWOCAPAY_SUPPLIER_UUID: c.iwocapay.supplierUuid,
    IWOCAPAY_ACCESS_TOKEN: c.iwocapay.accessToken,
    AFFIRM_API_URL: simulators.affirm.apiUrl,
    AFFIRM_PUBLIC_KEY: c.affirm.publicKey,
    AFFIRM_PRIVATE_KEY: c.affirm.privateKey,
    AFFIRM_WEBHOOK_USER: c.affirm.webhookUser,
    AFFIRM_WEBHOOK_PASSWORD: c.affirm.webhookPassword,
    WIPAY_API_URL: simulators.wipay.apiUrl,
    WIPAY_ACCOUNT_NUMBER: c.wipay.accountNumber,
    WIPAY_API_KEY: c.wipay.apiKey,
    ...(c.wipay.wapiKey ? { WIPAY_WAPI_KEY: c.wipay.wapiKey } : {}),
    WIPAY_COUNTRY_CODE: 'tt',
    WIPAY_ENVIRONMENT: 'sandbox',
    ECOMTRADE24_API_URL: simulators.ecomtrade24.apiUrl,
    ECOMTRADE24_API_KEY: c.ecomtrade24.apiKey,
    ECOMTRADE24_WEBHOOK_SECRET: c.ecomtrade24.webhookSecret,
    ECOMTRADE24_DOMAIN: c.ecomtrade24.domain,
  };

  const stop = () => {
    for (const simulator of [
      simulators.wegetfinancing,
      simulators.iwocapay,
      simulators.affirm,
      simulators.ecomtrade24,
    ])
      simulator.deliverer.stop();
  };
  const merchant = receiver ? { receiver, url: `${baseUrl}/merchant` } : undefined;
  return { app, simulators, merchant, providerEnv, stop };
}
