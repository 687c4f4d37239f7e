// WeGetFinancing's shipping status through the real adapter, over real HTTP against the
// simulator: the SDK's token call, then the status on the request's inv_id.
import express from 'express';
import { loadWeGetFinancingConfig, type WeGetFinancingConfig } from '../../src/providers/wegetfinancing';
import { createWeGetFinancingAdapter } from '../../src/providers/wegetfinancing';
import { v3BaseUrl } from '../../src/providers/wegetfinancing/shipping';
import type { ProviderAdapter, ShippingUpdateInput } from '../../src/providers/types';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import {
  createWeGetFinancingSimulator,
  type WeGetFinancingSimulator,
} from '../../src/sandbox/wegetfinancing';
import { providerRejection } from '../fixtures/provider-errors';
import { wgfSessionInput } from './support/wegetfinancing-input';

const credentials = { merchantId: 'merchant-42', username: 'wgf_user', password: 'wgf-Secret-Pa55' };
const NOW = new Date('2030-03-10T15:00:00.000Z');

let server: LocalServer;
let sim: WeGetFinancingSimulator;
let config: WeGetFinancingConfig;
let adapter: ProviderAdapter;

beforeAll(async () => {
  const host = express();
  server = await listenLocal(host);
  sim = createWeGetFinancingSimulator({ baseUrl: `${server.url}/wegetfinancing`, ...credentials });
  host.use('/wegetfinancing', sim.app);
  config = { apiUrl: sim.apiUrl, ...credentials, signatureToleranceSeconds: 300 };
  adapter = createWeGetFinancingAdapter(config, { now: () => NOW, timeoutMs: 2_000 });
});
afterAll(() => server.close());
afterEach(() => sim.faults.clear());

const rejection = (work: Promise<unknown>) => providerRejection(work, [credentials.password]);

function ship(input: Partial<ShippingUpdateInput> & { providerReference?: string }, via = adapter) {
  if (!via.updateShipping) throw new Error('WeGetFinancing must report shipping status');
  return via.updateShipping({
    checkoutId: 'chk_001',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    status: 'dispatched',
    idempotencyKey: 'ship-1',
    ...input,
  });
}

async function openRequest(): Promise<string> {
  const session = await adapter.createSession(wgfSessionInput());
  return session.providerReference;
}

async function shipments(invId: string) {
  const response = await fetch(`${sim.apiUrl}/_sandbox/shipments/${invId}`);
  return { status: response.status, body: (await response.json()) as { shipments?: unknown[] } };
}

describe('shipping status', () => {
  it('sends the SDK body for a dispatched shipment and the simulator records it on the inv_id', async () => {
    const invId = await openRequest();
    await ship({ providerReference: invId });
    expect((await shipments(invId)).body.shipments).toEqual([
      {
        shipping_status: 'shipped',
        tracking_id: '1Z999AA10123456784',
        tracking_company: 'UPS',
        delivery_date: '2030-03-11',
        at: expect.any(String),
      },
    ]);
  });

  it.each([
    ['accepted', 'stocked', '2030-03-11'],
    ['partial', 'shortage', '2030-03-11'],
    ['delivered', 'delivered', '2030-03-10'],
  ] as const)('maps %s to %s', async (status, wire, date) => {
    const invId = await openRequest();
    await ship({ providerReference: invId, status });
    expect((await shipments(invId)).body.shipments).toEqual([
      expect.objectContaining({ shipping_status: wire, delivery_date: date }),
    ]);
  });

  it('refuses a recall, which WeGetFinancing has no status for, before any call', async () => {
    const invId = await openRequest();
    const err = await rejection(ship({ providerReference: invId, status: 'recalled' }));
    expect(err.transient).toBe(false);
    expect(err.message).toContain('recalled');
    expect((await shipments(invId)).body.shipments).toEqual([]);
  });

  it('refuses without an inv_id, and the simulator answers 404 for an unknown one', async () => {
    expect((await rejection(ship({}))).transient).toBe(false);
    const unknown = await rejection(ship({ providerReference: 'not-a-request' }));
    expect(unknown).toMatchObject({ transient: false, httpStatus: 404 });
    expect(unknown.message).toContain('Unknown inv_id');
  });

  it('wrong credentials: the token call is a permanent 401 and the password stays out of the error', async () => {
    const invId = await openRequest();
    const wrong = createWeGetFinancingAdapter({ ...config, password: 'not-the-password' });
    const err = await rejection(ship({ providerReference: invId }, wrong));
    expect(err).toMatchObject({ transient: false, httpStatus: 401 });
    expect(err.message).not.toContain('not-the-password');
    expect((await shipments(invId)).body.shipments).toEqual([]);
  });

  it('the simulator refuses a status outside the SDK list, and a call without a token', async () => {
    const invId = await openRequest();
    const post = (headers: Record<string, string>, body: object) =>
      fetch(`${sim.apiUrl}/v3/lead/${invId}/shipping_status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const good = {
      shipping_status: 'shipped',
      tracking_id: '1',
      tracking_company: 'UPS',
      delivery_date: '2030-03-11',
    };
    expect((await post({}, good)).status).toBe(401);
    const auth = await fetch(`${sim.apiUrl}/v3/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: credentials.username, client_secret: credentials.password }),
    });
    const { access_token: token } = (await auth.json()) as { access_token: string };
    const bad = await post({ 'x-wgt-access-token': token }, { ...good, shipping_status: 'recalled' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: 'error', subjects: ['shipping_status'] });
    const badDate = await post({ 'x-wgt-access-token': token }, { ...good, delivery_date: '11/03/2030' });
    expect(badDate.status).toBe(400);
    expect((await shipments(invId)).body.shipments).toEqual([]);
  });

  it('a 5xx is transient; the retry records the status once', async () => {
    const invId = await openRequest();
    sim.faults.add({ operation: 'shipping', status: 503, times: 1 });
    expect((await rejection(ship({ providerReference: invId }))).transient).toBe(true);
    expect((await shipments(invId)).body.shipments).toEqual([]);
    await ship({ providerReference: invId });
    expect((await shipments(invId)).body.shipments).toHaveLength(1);
  });
});

describe('the v3 host', () => {
  const env = { WGF_MERCHANT_ID: 'm1', WGF_USERNAME: 'u', WGF_PASSWORD: 'super-secret-value' };

  it('is apisrv.* beside the documented api.* hosts, the same base elsewhere, or WGF_API_V3_URL', () => {
    const sandboxHost = loadWeGetFinancingConfig(env);
    const production = loadWeGetFinancingConfig({ ...env, WGF_API_URL: 'https://api.wegetfinancing.com' });
    const simulator = loadWeGetFinancingConfig({ ...env, WGF_API_URL: 'http://127.0.0.1:4000/wgf/' });
    const explicit = loadWeGetFinancingConfig({ ...env, WGF_API_V3_URL: 'https://v3.example' });
    if (!sandboxHost || !production || !simulator || !explicit) throw new Error('configured');
    expect(v3BaseUrl(sandboxHost)).toBe('https://apisrv.sandbox.wegetfinancing.com');
    expect(v3BaseUrl(production)).toBe('https://apisrv.wegetfinancing.com');
    expect(v3BaseUrl(simulator)).toBe('http://127.0.0.1:4000/wgf');
    expect(v3BaseUrl(explicit)).toBe('https://v3.example');
    expect(() => loadWeGetFinancingConfig({ ...env, WGF_API_V3_URL: 'nope' })).toThrow('WGF_API_V3_URL');
  });

  it('has no refund call: refunds arrive as postbacks', () => {
    expect(adapter.refund).toBeUndefined();
    expect(adapter.capture).toBeUndefined();
  });
});
