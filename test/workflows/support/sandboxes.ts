// The project's provider simulators, each on its own 127.0.0.1 port, with the real
// adapter configured against it through the adapter's own env loader. Every clock is
// the harness clock, which follows the time-skipping server, so expiries and
// signature timestamps agree with the workflow's deterministic time.
import express from 'express';
import { createAffirmAdapter, loadAffirmConfig } from '../../../src/providers/affirm';
import { createEcomtrade24Adapter, loadEcomtrade24Config } from '../../../src/providers/ecomtrade24';
import { createIwocaPayAdapter, loadIwocaPayConfig } from '../../../src/providers/iwocapay';
import type { ProviderAdapter } from '../../../src/providers/types';
import { createWeGetFinancingAdapter, loadWeGetFinancingConfig } from '../../../src/providers/wegetfinancing';
import { createWipayAdapter, loadWipayConfig } from '../../../src/providers/wipay';
import type { SimulatedTransaction } from '../../../src/sandbox/affirm';
import { createAffirmSimulator } from '../../../src/sandbox/affirm';
import { listenLocal } from '../../../src/sandbox/control';
import { createEcomtrade24Simulator } from '../../../src/sandbox/ecomtrade24';
import type { IwocaPaySimulatorOptions } from '../../../src/sandbox/iwocapay';
import { createIwocaPaySimulator } from '../../../src/sandbox/iwocapay';
import { createWeGetFinancingSimulator } from '../../../src/sandbox/wegetfinancing';
import { createWipaySimulator } from '../../../src/sandbox/wipay';
import type { ProviderId } from '../../../workflows/domain';

export interface Sandbox {
  id: ProviderId;
  adapter: ProviderAdapter;
  url: string;
  /** Every request the simulator received, as `METHOD /path`, oldest first. */
  requests: readonly string[];
  /** POST {url}/_sandbox/{path}; throws on a non-2xx answer. */
  control(path: string, body?: object): Promise<unknown>;
  /** GET {url}/_sandbox/{path}. */
  read(path: string): Promise<unknown>;
  /** The simulated customer: POST /_sandbox/sessions/{reference}/{action}. */
  act(reference: string, action: string, body?: object): Promise<unknown>;
  close(): Promise<void>;
}

export interface SandboxContext {
  now: () => Date;
  webhookUrl(provider: ProviderId): string;
}

/** Listens first, so the simulator can be built with its own base URL. */
async function serve<B extends { app: express.Application; stop?: () => void }>(
  build: (baseUrl: string) => B,
) {
  const mounted: { app?: express.Application } = {};
  const outer = express();
  const requests: string[] = [];
  outer.use((req, res, next) => {
    requests.push(`${req.method} ${req.path}`);
    return mounted.app ? mounted.app(req, res, next) : res.status(503).end();
  });
  const server = await listenLocal(outer);
  const built = build(server.url);
  mounted.app = built.app;
  const control = async (path: string, body: object = {}) => {
    const response = await fetch(`${server.url}/_sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const read = async (path: string) => {
    const response = await fetch(`${server.url}/_sandbox/${path}`);
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as unknown;
  };
  return {
    built,
    url: server.url,
    requests,
    control,
    read,
    act: (reference: string, action: string, body?: object) =>
      control(`sessions/${encodeURIComponent(reference)}/${action}`, body),
    close: async () => {
      built.stop?.();
      await server.close();
    },
  };
}

function sandbox(
  id: ProviderId,
  adapter: ProviderAdapter | undefined,
  served: Omit<Sandbox, 'id' | 'adapter'>,
): Sandbox {
  if (!adapter) throw new Error(`${id}: test configuration did not enable the adapter`);
  return { id, adapter, ...served };
}

const FAST_RETRY = { maxAttempts: 5, initialBackoffMs: 50, maxBackoffMs: 500 };

export async function startWeGetFinancing(ctx: SandboxContext): Promise<Sandbox> {
  const secrets = { merchantId: 'm-1001', username: 'wgf-user', password: 'wgf-pass' };
  const served = await serve((baseUrl) => {
    const sim = createWeGetFinancingSimulator({ baseUrl, ...secrets, retry: FAST_RETRY, now: ctx.now });
    return { app: sim.app, stop: () => sim.deliverer.stop() };
  });
  const config = loadWeGetFinancingConfig({
    WGF_API_URL: served.url,
    WGF_MERCHANT_ID: secrets.merchantId,
    WGF_USERNAME: secrets.username,
    WGF_PASSWORD: secrets.password,
  });
  return sandbox('wegetfinancing', config && createWeGetFinancingAdapter(config), served);
}

/** `simulator`: options beyond the defaults, e.g. the ids it hands out. */
export async function startIwocaPay(
  ctx: SandboxContext,
  simulator: Partial<IwocaPaySimulatorOptions> = {},
): Promise<Sandbox> {
  const secrets = { supplierUuid: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', accessToken: 'iwoca-token' };
  const served = await serve((baseUrl) => {
    const sim = createIwocaPaySimulator({
      baseUrl,
      ...secrets,
      retry: FAST_RETRY,
      now: ctx.now,
      ...simulator,
    });
    return { app: sim.app, stop: () => sim.deliverer.stop() };
  });
  const config = loadIwocaPayConfig({
    IWOCAPAY_BASE_URL: `${served.url}/`,
    IWOCAPAY_SUPPLIER_UUID: secrets.supplierUuid,
    IWOCAPAY_ACCESS_TOKEN: secrets.accessToken,
  });
  return sandbox('iwocapay', config && createIwocaPayAdapter(config), served);
}

export type AffirmSandbox = Sandbox & { transactions: Map<string, SimulatedTransaction> };

/** The Basic credentials of the Affirm webhook URL agreed in these tests. */
export const AFFIRM_WEBHOOK_CREDENTIALS = { user: 'hook-user', password: 'hook-pass' };

export async function startAffirm(ctx: SandboxContext): Promise<AffirmSandbox> {
  const keys = { publicKey: 'affirm-public', privateKey: 'affirm-private' };
  const hook = AFFIRM_WEBHOOK_CREDENTIALS;
  const webhookUrl = new URL(ctx.webhookUrl('affirm'));
  webhookUrl.username = hook.user;
  webhookUrl.password = hook.password;
  const served = await serve((baseUrl) => {
    const sim = createAffirmSimulator({ baseUrl, ...keys, webhookUrl: webhookUrl.toString(), now: ctx.now });
    return { app: sim.app, stop: () => sim.deliverer.stop(), transactions: sim.transactions };
  });
  const config = loadAffirmConfig({
    AFFIRM_API_URL: served.url,
    AFFIRM_PUBLIC_KEY: keys.publicKey,
    AFFIRM_PRIVATE_KEY: keys.privateKey,
    AFFIRM_WEBHOOK_USER: hook.user,
    AFFIRM_WEBHOOK_PASSWORD: hook.password,
  });
  return {
    ...sandbox('affirm', config && createAffirmAdapter(config, { now: ctx.now }), served),
    transactions: served.built.transactions,
  };
}

/** `wapiKey`: the merchant's WAPI key (wapi_test_…), which offers refunds; without it none. */
export async function startWipay(ctx: SandboxContext, options: { wapiKey?: string } = {}): Promise<Sandbox> {
  const secrets = { accountNumber: '1234567890', apiKey: 'wipay-key' };
  const served = await serve((baseUrl) => ({
    app: createWipaySimulator({ baseUrl, ...secrets, wapiKey: options.wapiKey, now: ctx.now }).app,
  }));
  const config = loadWipayConfig({
    WIPAY_API_URL: served.url,
    WIPAY_ACCOUNT_NUMBER: secrets.accountNumber,
    WIPAY_API_KEY: secrets.apiKey,
    WIPAY_COUNTRY_CODE: 'tt',
    ...(options.wapiKey ? { WIPAY_WAPI_KEY: options.wapiKey } : {}),
  });
  return sandbox('wipay', config && createWipayAdapter(config, { now: ctx.now }), served);
}

export async function startEcomtrade24(ctx: SandboxContext): Promise<Sandbox> {
  const secrets = { apiKey: 'et24-key', webhookSecret: 'et24-secret', domain: 'shop.example.com' };
  const served = await serve((baseUrl) => {
    const sim = createEcomtrade24Simulator({
      baseUrl,
      ...secrets,
      webhookUrl: ctx.webhookUrl('ecomtrade24'),
      retry: FAST_RETRY,
      now: ctx.now,
    });
    return { app: sim.app, stop: () => sim.deliverer.stop() };
  });
  const config = loadEcomtrade24Config({
    ECOMTRADE24_API_URL: served.url,
    ECOMTRADE24_API_KEY: secrets.apiKey,
    ECOMTRADE24_WEBHOOK_SECRET: secrets.webhookSecret,
    ECOMTRADE24_DOMAIN: secrets.domain,
  });
  return sandbox('ecomtrade24', config && createEcomtrade24Adapter(config), served);
}
