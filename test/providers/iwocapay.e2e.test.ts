// Simulator → webhook → a local receiver running parseInbound on the raw body.
import express from 'express';
import { createIwocaPayAdapter } from '../../src/providers/iwocapay';
import type { ProviderAdapter } from '../../src/providers/types';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import { createIwocaPaySimulator, type IwocaPaySimulator } from '../../src/sandbox/iwocapay';
import { mountWebhookReceiver, postSandboxAction, type WebhookReceiver } from './support/webhook-receiver';

const supplierUuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const accessToken = 'iwoca-Access-Token-7f3a9c';
const retry = { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 };

describe('iwocaPay webhooks end to end', () => {
  let server: LocalServer;
  let sim: IwocaPaySimulator;
  let adapter: ProviderAdapter;
  let receiver: WebhookReceiver;
  let orderId: string;
  let checkouts = 0;

  beforeAll(async () => {
    const host = express();
    server = await listenLocal(host);
    sim = createIwocaPaySimulator({ baseUrl: `${server.url}/iwocapay`, supplierUuid, accessToken, retry });
    host.use('/iwocapay', sim.app);
    adapter = createIwocaPayAdapter({ baseUrl: sim.baseUrl, supplierUuid, accessToken });
    // The receiver answers like the gateway: 401 for a forged signature, 2xx for an event or an unsigned hint.
    receiver = mountWebhookReceiver(host, '/receiver', adapter, (result) =>
      result.type === 'pollHint' && result.reason === 'badSignature' ? 401 : 200,
    );
  });
  afterAll(() => server.close());

  beforeEach(async () => {
    receiver.reset();
    sim.deliverer.attempts.length = 0;
    const session = await adapter.createSession({
      checkoutId: `chk_${++checkouts}`,
      merchantOrderId: 'order-1',
      amount: '120.00',
      currency: 'GBP',
      customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      returnUrl: 'https://shop.example/back',
      cancelUrl: 'https://shop.example/cart',
      callbacks: { webhookUrl: `${server.url}/receiver`, redirectUrl: `${server.url}/unused` },
    });
    orderId = session.providerReference;
  });

  async function act(action: string, body: object = {}): Promise<Response> {
    return postSandboxAction(
      `${server.url}/iwocapay/_sandbox/sessions/${orderId}/${action}`,
      body,
      sim.deliverer,
    );
  }
  const events = () => receiver.events();
  const status = async () => (await adapter.readStatus?.(orderId))?.rawStatus;

  it('delivers a signed webhook that verifies into a fulfil event', async () => {
    await act('approve');
    expect(events()).toEqual([
      expect.objectContaining({
        kind: 'fulfil',
        checkoutReference: `chk_${checkouts}`,
        providerReference: orderId,
        amount: '120.00',
        currency: 'GBP',
      }),
    ]);
  });

  it('sends the seed’s older unsigned shape only as a poll hint; the status API has the truth', async () => {
    await act('approve', { shape: 'legacy' });
    expect(receiver.received).toEqual([
      {
        type: 'pollHint',
        checkoutReference: `chk_${checkouts}`,
        providerReference: expect.stringMatching(/^\d+$/),
        reason: 'unsigned',
      },
    ]);
    expect(await status()).toBe('SUCCESSFUL');
  });

  it('duplicates a webhook N times with one event id', async () => {
    await act('approve', { delivery: { copies: 3 } });
    expect(events()).toHaveLength(3);
    expect(new Set(events().map((e) => e.eventId)).size).toBe(1);
  });

  it('drops a webhook: nothing arrives, polling shows the outcome', async () => {
    await act('decline', { delivery: { drop: true } });
    expect(receiver.received).toHaveLength(0);
    expect(await status()).toBe('UNSUCCESSFUL');
  });

  it('retries after a non-2xx answer', async () => {
    receiver.answers.push(500);
    await act('approve');
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(events()).toHaveLength(1);
  });

  it('a forged signature is a poll hint the receiver answers 401 to, on every retry', async () => {
    await act('approve', { delivery: { badSignature: true } });
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(receiver.received.every((r) => r.type === 'pollHint' && r.reason === 'badSignature')).toBe(true);
    expect(await status()).toBe('SUCCESSFUL');
  });

  it('finishes later and can arrive out of order', async () => {
    await act('start', { delivery: { hold: true } });
    await act('approveCredit', { delivery: { hold: true } });
    await act('approve', { delivery: { hold: true } });
    expect(receiver.received).toHaveLength(0);
    await fetch(`${server.url}/iwocapay/_sandbox/deliveries/release`, { method: 'POST' });
    await sim.deliverer.idle();
    expect(events().map((e) => [e.rawStatus, e.kind])).toEqual([
      ['SUCCESSFUL', 'fulfil'],
      ['APPROVED', 'wait'],
      ['PENDING', 'wait'],
    ]);
  });

  it('a cancel at iwocaPay is a status change: its signed UNSUCCESSFUL webhook arrives', async () => {
    await adapter.cancelSession?.(orderId);
    await sim.deliverer.idle();
    expect(events().map((e) => [e.rawStatus, e.kind, e.amount, e.currency])).toEqual([
      ['UNSUCCESSFUL', 'cancel', '120.00', 'GBP'],
    ]);
  });

  it('an abandoned order sends nothing and stays open', async () => {
    await act('abandon');
    expect(receiver.received).toHaveLength(0);
    expect(await status()).toBe('CREATED');
    expect((await act('approve')).status).toBe(200);
    expect((await act('decline')).status).toBe(409);
  });
});
