// Simulator → signed postback → a local receiver running parseInbound on the raw body.
import express from 'express';
import { VerificationError } from '../../src/providers/errors';
import type { InboundResult } from '../../src/providers/types';
import { createWeGetFinancingAdapter } from '../../src/providers/wegetfinancing';
import { listenLocal, type LocalServer } from '../../src/sandbox/control';
import {
  createWeGetFinancingSimulator,
  type WeGetFinancingSimulator,
} from '../../src/sandbox/wegetfinancing';

const credentials = { merchantId: 'merchant-42', username: 'wgf_user', password: 'wgf-Secret-Pa55' };
const retry = { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 };

describe('WeGetFinancing postbacks end to end', () => {
  let server: LocalServer;
  let sim: WeGetFinancingSimulator;
  let received: InboundResult[];
  let answers: number[];
  let sessionUrl: string;
  let checkouts = 0;
  const adapter = () =>
    createWeGetFinancingAdapter({ apiUrl: sim.apiUrl, ...credentials, signatureToleranceSeconds: 300 });

  beforeAll(async () => {
    const host = express();
    server = await listenLocal(host);
    sim = createWeGetFinancingSimulator({ baseUrl: `${server.url}/wgf`, ...credentials, retry });
    host.use('/wgf', sim.app);
    // The receiver: raw body only, verify and parse, answer like the gateway would.
    host.post('/receiver', express.raw({ type: '*/*' }), (req, res) => {
      const forced = answers.shift();
      if (forced) return void res.status(forced).send('forced');
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        received.push(
          adapter().parseInbound('webhook', {
            method: 'POST',
            headers,
            rawBody,
            query: {},
            receivedAt: new Date(),
          }),
        );
        res.status(200).send('OK');
      } catch (err) {
        res.status(err instanceof VerificationError ? 401 : 400).send('rejected');
      }
    });
  });
  afterAll(() => server.close());

  beforeEach(async () => {
    received = [];
    answers = [];
    sim.deliverer.attempts.length = 0;
    const session = await adapter().createSession({
      checkoutId: `chk_${++checkouts}`,
      merchantOrderId: 'order-1',
      amount: '250.00',
      currency: 'USD',
      customer: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        billingAddress: {
          street1: '1 Main St',
          city: 'Austin',
          state: 'TX',
          zipcode: '73301',
          country: 'US',
        },
      },
      returnUrl: 'https://shop.example/ok',
      cancelUrl: 'https://shop.example/ko',
      callbacks: { webhookUrl: `${server.url}/receiver`, redirectUrl: `${server.url}/unused` },
    });
    sessionUrl = `${server.url}/wgf/_sandbox/sessions/${session.providerReference}`;
  });

  async function act(action: string, body: object = {}): Promise<Response> {
    const response = await fetch(`${sessionUrl}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await sim.deliverer.idle();
    return response;
  }
  const events = () => received.flatMap((r) => (r.type === 'event' ? [r.event] : []));

  it('delivers a verified approval naming our checkout', async () => {
    expect((await act('approve')).status).toBe(200);
    expect(events()).toHaveLength(1);
    expect(events()[0]).toMatchObject({
      kind: 'fulfil',
      rawStatus: 'approved',
      checkoutReference: expect.stringMatching(/^chk_/),
    });
  });

  it('delivers a duplicated postback N times with one event id', async () => {
    await act('approve', { delivery: { copies: 3 } });
    expect(events()).toHaveLength(3);
    expect(new Set(events().map((e) => e.eventId)).size).toBe(1);
  });

  it('drops a postback, while the sandbox still shows the outcome', async () => {
    await fetch(`${server.url}/wgf/_sandbox/deliveries/next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ drop: true }),
    });
    await act('approve');
    expect(received).toHaveLength(0);
    const session: unknown = await (await fetch(sessionUrl)).json();
    expect(session).toMatchObject({ state: 'approved', postbacks: ['approved'] });
  });

  it('retries after non-2xx answers until the receiver accepts', async () => {
    answers = [500, 503];
    await act('approve');
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(events()).toHaveLength(1);
  });

  it('signs badly on request: the receiver answers 401 on every retry', async () => {
    await act('approve', { delivery: { badSignature: true } });
    expect(sim.deliverer.attempts.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(received).toHaveLength(0);
  });

  it('reorders held postbacks: approved arrives before preapproved', async () => {
    await act('preapprove', { delivery: { hold: true } });
    await act('approve', { delivery: { hold: true } });
    expect(received).toHaveLength(0);
    await fetch(`${server.url}/wgf/_sandbox/deliveries/release`, { method: 'POST' });
    await sim.deliverer.idle();
    expect(events().map((e) => e.rawStatus)).toEqual(['approved', 'preapproved']);
  });

  it('lets the customer finish later, then refunds without merchant_transaction_id', async () => {
    await act('abandon');
    expect(received).toHaveLength(0);
    await act('approve', { delivery: { delayMs: 20 } });
    await act('refund', { amount: '100.00' });
    expect(events().map((e) => [e.kind, e.amount])).toEqual([
      ['fulfil', undefined],
      ['refund', '100.00'],
    ]);
    expect(events()[1]?.checkoutReference).toBeUndefined();
    expect(events()[1]?.providerReference).toBe(events()[0]?.providerReference);
  });

  it('refuses actions that do not fit the state', async () => {
    expect((await act('refund')).status).toBe(409);
    await act('decline');
    expect((await act('approve')).status).toBe(409);
    expect((await act('teleport')).status).toBe(404);
    expect(events().map((e) => e.kind)).toEqual(['cancel']);
  });
});
