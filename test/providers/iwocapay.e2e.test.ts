// Simulator → webhook → a local receiver running parseInbound on the raw body.
import express from 'express';
import { VerificationError } from '../../src/providers/errors';
import { createIwocaPayAdapter } from '../../src/providers/iwocapay';
import type { InboundResult, ProviderAdapter } from '../../src/providers/types';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import { createIwocaPaySimulator, type IwocaPaySimulator } from '../../src/sandbox/iwocapay';

const supplierUuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const accessToken = 'iwoca-Access-Token-7f3a9c';
const retry = { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 };

describe('iwocaPay webhooks end to end', () => {
  let server: LocalServer;
  let sim: IwocaPaySimulator;
  let adapter: ProviderAdapter;
  let received: InboundResult[];
  let answers: number[];
  let orderId: string;
  let checkouts = 0;

  beforeAll(async () => {
    const host = express();
    server = await listenLocal(host);
    sim = createIwocaPaySimulator({ baseUrl: `${server.url}/iwocapay`, supplierUuid, accessToken, retry });
    host.use('/iwocapay', sim.app);
    adapter = createIwocaPayAdapter({ apiUrl: sim.apiUrl, supplierUuid, accessToken });
    // The receiver answers like the gateway: 401 for a forged signature, 2xx for an event or an unsigned hint.
    host.post('/receiver', express.raw({ type: '*/*' }), (req, res) => {
      const forced = answers.shift();
      if (forced) return void res.status(forced).send('forced');
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = adapter.parseInbound('webhook', {
          method: 'POST',
          headers,
          rawBody,
          query: {},
          receivedAt: new Date(),
        });
        received.push(result);
        res.status(result.type === 'pollHint' && result.reason === 'badSignature' ? 401 : 200).json({});
      } catch (err) {
        res.status(err instanceof VerificationError ? 401 : 400).json({});
      }
    });
  });
  afterAll(() => server.close());

  beforeEach(async () => {
    received = [];
    answers = [];
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
    const response = await fetch(`${server.url}/iwocapay/_sandbox/sessions/${orderId}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await sim.deliverer.idle();
    return response;
  }
  const events = () => received.flatMap((r) => (r.type === 'event' ? [r.event] : []));
  const status = async () => (await adapter.readStatus?.(orderId))?.rawStatus;

  it('delivers a signed webhook that verifies into a fulfil event', async () => {
    await act('approve');
    expect(events()).toEqual([
      expect.objectContaining({
        kind: 'fulfil',
        checkoutReference: `chk_${checkouts}`,
        providerReference: orderId,
        amount: '120.00',
      }),
    ]);
  });

  it('sends the seed’s older unsigned shape only as a poll hint; the status API has the truth', async () => {
    await act('approve', { shape: 'legacy' });
    expect(received).toEqual([
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
    expect(received).toHaveLength(0);
    expect(await status()).toBe('UNSUCCESSFUL');
  });

  it('retries after a non-2xx answer', async () => {
    answers = [500];
    await act('approve');
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(events()).toHaveLength(1);
  });

  it('a forged signature is a poll hint the receiver answers 401 to, on every retry', async () => {
    await act('approve', { delivery: { badSignature: true } });
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(received.every((r) => r.type === 'pollHint' && r.reason === 'badSignature')).toBe(true);
    expect(await status()).toBe('SUCCESSFUL');
  });

  it('finishes later and can arrive out of order', async () => {
    await act('start', { delivery: { hold: true } });
    await act('approveCredit', { delivery: { hold: true } });
    await act('approve', { delivery: { hold: true } });
    expect(received).toHaveLength(0);
    await fetch(`${server.url}/iwocapay/_sandbox/deliveries/release`, { method: 'POST' });
    await sim.deliverer.idle();
    expect(events().map((e) => [e.rawStatus, e.kind])).toEqual([
      ['SUCCESSFUL', 'fulfil'],
      ['APPROVED', 'wait'],
      ['PENDING', 'wait'],
    ]);
  });

  it('an abandoned order sends nothing and stays open', async () => {
    await act('abandon');
    expect(received).toHaveLength(0);
    expect(await status()).toBe('CREATED');
    expect((await act('approve')).status).toBe(200);
    expect((await act('decline')).status).toBe(409);
  });
});
