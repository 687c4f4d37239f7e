// Simulator → signed webhook → a local receiver running parseInbound on the raw body.
import express from 'express';
import { createEcomtrade24Adapter } from '../../src/providers/ecomtrade24';
import type { ProviderAdapter } from '../../src/providers/types';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import { createEcomtrade24Simulator, type Ecomtrade24Simulator } from '../../src/sandbox/ecomtrade24';
import { mountWebhookReceiver, postSandboxAction, type WebhookReceiver } from './support/webhook-receiver';

const apiKey = 'et24-Api-Key-5d1e';
const webhookSecret = 'et24-webhook-secret';
const domain = 'merchant-store.example';
const retry = { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 };

describe('Ecomtrade24 webhooks end to end', () => {
  let server: LocalServer;
  let sim: Ecomtrade24Simulator;
  let adapter: ProviderAdapter;
  let receiver: WebhookReceiver;
  let checkouts = 0;

  beforeAll(async () => {
    const host = express();
    server = await listenLocal(host);
    sim = createEcomtrade24Simulator({
      baseUrl: `${server.url}/et24`,
      apiKey,
      webhookSecret,
      domain,
      webhookUrl: `${server.url}/receiver`,
      retry,
    });
    host.use('/et24', sim.app);
    adapter = createEcomtrade24Adapter({ apiUrl: sim.apiUrl, apiKey, webhookSecret, domain });
    // Like the gateway: a verified event is 200; anything unverified is 401 (after noting the poll hint).
    receiver = mountWebhookReceiver(host, '/receiver', adapter, (result) =>
      result.type === 'event' ? 200 : 401,
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    receiver.reset();
    sim.deliverer.attempts.length = 0;
  });

  async function open(): Promise<string> {
    const session = await adapter.createSession({
      checkoutId: `chk_${++checkouts}`,
      merchantOrderId: 'ORDER-1',
      amount: '49.95',
      currency: 'USD',
      customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'buyer@example.com' },
      returnUrl: 'https://merchant-store.example/success',
      cancelUrl: 'https://merchant-store.example/cancel',
      callbacks: { webhookUrl: `${server.url}/unused`, redirectUrl: `${server.url}/unused` },
    });
    return session.providerReference;
  }
  async function act(sessionId: string, action: string, body: object = {}): Promise<Response> {
    return postSandboxAction(
      `${server.url}/et24/_sandbox/sessions/${sessionId}/${action}`,
      body,
      sim.deliverer,
    );
  }
  const events = () => receiver.events();
  const status = async (id: string) => (await adapter.readStatus?.(id))?.rawStatus;

  it('delivers a signed payment.session webhook that verifies into a fulfil event', async () => {
    const id = await open();
    await act(id, 'approve');
    expect(events()).toEqual([
      expect.objectContaining({
        kind: 'fulfil',
        rawStatus: 'paid',
        providerReference: id,
        checkoutReference: `chk_${checkouts}`,
        amount: '49.95',
      }),
    ]);
  });

  it('verifies every documented header, with and without the sha256= prefix', async () => {
    for (const [signatureHeader, signaturePrefix] of [
      ['X-Ecomtrade24-Signature', true],
      ['X-Webhook-Signature', false],
    ] as const) {
      await act(await open(), 'decline', { signatureHeader, signaturePrefix });
    }
    expect(events().map((e) => e.kind)).toEqual(['cancel', 'cancel']);
  });

  it('an unsigned or forged webhook is only a poll hint; status.php has the truth', async () => {
    const unsigned = await open();
    await act(unsigned, 'approve', { unsigned: true });
    const forged = await open();
    await act(forged, 'approve', { delivery: { badSignature: true } });
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(receiver.received.map((r) => (r.type === 'pollHint' ? r.reason : 'event')))).toEqual(
      new Set(['unsigned', 'badSignature']),
    );
    expect([await status(unsigned), await status(forged)]).toEqual(['paid', 'paid']);
  });

  it('duplicates a webhook N times with one event id', async () => {
    await act(await open(), 'approve', { delivery: { copies: 2 } });
    expect(events()).toHaveLength(2);
    expect(new Set(events().map((e) => e.eventId)).size).toBe(1);
  });

  it('drops a webhook: nothing arrives, polling shows the outcome', async () => {
    const id = await open();
    await act(id, 'fail', { delivery: { drop: true } });
    expect(receiver.received).toHaveLength(0);
    expect(await status(id)).toBe('failed');
  });

  it('retries after non-2xx answers', async () => {
    receiver.answers.push(500, 502);
    await act(await open(), 'approve');
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([500, 502, 200]);
    expect(events()).toHaveLength(1);
  });

  it('reorders held webhooks and delays one', async () => {
    const first = await open();
    const second = await open();
    await act(first, 'approve', { delivery: { hold: true } });
    await act(second, 'cancel', { delivery: { hold: true } });
    await fetch(`${server.url}/et24/_sandbox/deliveries/release`, { method: 'POST' });
    await sim.deliverer.idle();
    await act(await open(), 'expire', { delivery: { delayMs: 30 } });
    expect(events().map((e) => e.rawStatus)).toEqual(['cancelled', 'paid', 'expired']);
  });

  it('an abandoned session sends nothing and stays pending', async () => {
    const id = await open();
    await act(id, 'abandon');
    expect(receiver.received).toHaveLength(0);
    expect(await status(id)).toBe('pending');
    expect((await act(id, 'approve')).status).toBe(200);
    expect((await act(id, 'decline')).status).toBe(409);
  });
});
