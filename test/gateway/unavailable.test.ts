// Temporal unreachable: the client points at a closed port (lazy connection). Every
// receiver answers 503 so the provider delivers again, after verifying first (a forged
// message is still 401); the backend API answers 503; /readyz says not ready.
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { loadProviderRegistry } from '../../src/config/providers';
import { createApp } from '../../src/gateway/app';
import { createMetrics } from '../../src/metrics/metrics';
import { API_KEY, WEBHOOK_BODY_LIMIT, captureLogger, closeServer, listenEphemeral } from './support/harness';
import type { Answer } from './support/http';
import { api, checkoutBody, record, send } from './support/http';
import {
  affirmConfirmationQuery,
  affirmTimestamp,
  affirmWebhook,
  iwocapayWebhook,
  wgfPostback,
  wipayQuery,
} from './support/inbound';
import { SECRETS } from './support/sandboxes';

jest.setTimeout(60_000);

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('gateway with Temporal unreachable', () => {
  let url: string;
  let connection: Connection;
  let server: Server;
  const logs: string[] = [];

  beforeAll(async () => {
    connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}` });
    const providers = loadProviderRegistry({
      WGF_MERCHANT_ID: SECRETS.wgf.merchantId,
      WGF_USERNAME: SECRETS.wgf.username,
      WGF_PASSWORD: SECRETS.wgf.password,
      IWOCAPAY_SUPPLIER_UUID: SECRETS.iwocapay.supplierUuid,
      IWOCAPAY_ACCESS_TOKEN: SECRETS.iwocapay.accessToken,
      AFFIRM_PUBLIC_KEY: SECRETS.affirm.publicKey,
      AFFIRM_PRIVATE_KEY: SECRETS.affirm.privateKey,
      AFFIRM_WEBHOOK_USER: SECRETS.affirmWebhook.user,
      AFFIRM_WEBHOOK_PASSWORD: SECRETS.affirmWebhook.password,
      WIPAY_ACCOUNT_NUMBER: SECRETS.wipay.accountNumber,
      WIPAY_API_KEY: SECRETS.wipay.apiKey,
      WIPAY_COUNTRY_CODE: 'tt',
    });
    server = createHttpServer();
    url = await listenEphemeral(server);
    server.on(
      'request',
      createApp({
        client: new Client({ connection }),
        config: { apiKeys: [API_KEY], publicBaseUrl: url, webhookBodyLimitBytes: WEBHOOK_BODY_LIMIT },
        providers,
        logger: captureLogger(logs),
        metrics: createMetrics({ collectDefaults: false }),
        taskQueue: 'unreachable',
      }),
    );
  });
  afterAll(async () => {
    await closeServer(server);
    await connection.close();
  });

  const expectUnavailable = (answer: Answer) => {
    expect(answer.status).toBe(503);
    expect(record(record(answer.json).error).code).toBe('temporal_unavailable');
  };

  it('answers 503 to verified provider messages, so the provider delivers again', async () => {
    const wgf = wgfPostback({
      request_token: 'inv_1',
      merchant_transaction_id: 'ord-1-a1',
      updates: { status: 'approved' },
    });
    const iwoca = iwocapayWebhook({
      order_id: '7b0f3c0a-8a57-4a57-9a86-3a1d0c6c4a11',
      reference: 'ord-2-a1',
      status: 'SUCCESSFUL',
    });
    const affirm = affirmWebhook({
      checkout_token: 'TOKEN1',
      event: 'approved',
      event_timestamp: affirmTimestamp(),
      created: affirmTimestamp(),
    });
    const answers = await Promise.all([
      send(`${url}/webhooks/wegetfinancing`, { method: 'POST', ...wgf }),
      send(`${url}/webhooks/iwocapay`, { method: 'POST', ...iwoca }),
      send(`${url}/webhooks/affirm`, { method: 'POST', ...affirm }),
      send(`${url}/webhooks/affirm/confirm?${affirmConfirmationQuery('ord-3-a1', 'TOKEN1')}`),
      send(
        `${url}/webhooks/wipay?${wipayQuery(
          { status: 'success', transaction_id: 'T-1', order_id: 'ord-4-a1', total: '49.95' },
          { bound: { checkoutId: 'ord-4-a1', amount: '49.95' } },
        )}`,
      ),
    ]);
    answers.forEach(expectUnavailable);
  });

  it('answers 503 to an unsigned poll hint too, but still 401 to a forgery', async () => {
    const unsigned = iwocapayWebhook({ order_id: 123, reference: 'ord-5-a1', status: 'SUCCESSFUL' }, null);
    expectUnavailable(await send(`${url}/webhooks/iwocapay`, { method: 'POST', ...unsigned }));
    const forged = wgfPostback(
      { request_token: 'inv_1', updates: { status: 'approved' } },
      { password: 'guess' },
    );
    expect((await send(`${url}/webhooks/wegetfinancing`, { method: 'POST', ...forged })).status).toBe(401);
  });

  it('answers 503 on the backend API and on /readyz, while /healthz stays up', async () => {
    const [created, read, cancel, ready, health] = await Promise.all([
      api(url, 'POST', '/checkouts', checkoutBody('wegetfinancing')),
      api(url, 'GET', '/checkouts/ord-1-a1'),
      api(url, 'POST', '/checkouts/ord-1-a1/cancel'),
      api(url, 'GET', '/readyz', undefined, null),
      api(url, 'GET', '/healthz', undefined, null),
    ]);
    [created, read, cancel, ready].forEach(expectUnavailable);
    expect(health.status).toBe(200);
    expect(logs.join('\n')).not.toContain(SECRETS.wgf.password);
  });
});
