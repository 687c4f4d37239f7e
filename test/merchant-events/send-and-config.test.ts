// The signed POST itself (against real HTTP servers on 127.0.0.1) and its configuration:
// what a Standard Webhooks verifier accepts, redirects never followed, timeouts and
// refused connections classified, and MERCHANT_WEBHOOK_* checked without echoing values.
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { ConfigError, loadMerchantWebhookConfig } from '../../src/config/env';
import { sendSignedEvent } from '../../src/merchant-events/send';
import type { LocalServer } from '../../src/sandbox/control';
import { listenLocal } from '../../src/sandbox/control';
import { MERCHANT_SECRET } from './support/merchant';

const servers: LocalServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(handler: express.RequestHandler): Promise<string> {
  const app = express();
  app.post('/', express.text({ type: () => true }), handler);
  const server = await listenLocal(app);
  servers.push(server);
  return `${server.url}/`;
}

const event = {
  id: 'evt_0123456789abcdef0123456789abcdef',
  body: '{"id":"evt_0123","type":"checkout.completed"}',
};

describe('sendSignedEvent', () => {
  it('sends the headers a Standard Webhooks verifier accepts, over the exact body', async () => {
    let verified: unknown;
    const url = await serve((req, res) => {
      verified = new Webhook(MERCHANT_SECRET).verify(
        req.body as string,
        req.headers as Record<string, string>,
      );
      res.status(204).end();
    });
    const at = new Date();
    const outcome = await sendSignedEvent({ url, secret: MERCHANT_SECRET }, event, { at, timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ delivered: true, statusCode: 204 });
    expect(verified).toEqual(JSON.parse(event.body));
  });

  it('a signature under another secret is refused by the verifier', async () => {
    let refused = false;
    const url = await serve((req, res) => {
      try {
        new Webhook(MERCHANT_SECRET).verify(req.body as string, req.headers as Record<string, string>);
        res.status(200).end();
      } catch {
        refused = true;
        res.status(400).end();
      }
    });
    const other = `whsec_${Buffer.from('another-merchant-secret!!').toString('base64')}`;
    const outcome = await sendSignedEvent({ url, secret: other }, event, {
      at: new Date(),
      timeoutMs: 2_000,
    });
    expect(refused).toBe(true);
    expect(outcome).toMatchObject({ delivered: false, statusCode: 400, errorClass: 'httpStatus' });
  });

  it('never follows a redirect: the other host gets nothing, and the attempt failed', async () => {
    let elsewhere = 0;
    const other = await serve((_req, res) => {
      elsewhere += 1;
      res.status(200).end();
    });
    const url = await serve((_req, res) => res.redirect(307, other));
    const outcome = await sendSignedEvent({ url, secret: MERCHANT_SECRET }, event, {
      at: new Date(),
      timeoutMs: 2_000,
    });
    expect(outcome).toMatchObject({ delivered: false, statusCode: 307, errorClass: 'redirect' });
    expect(elsewhere).toBe(0);
  });

  it('classifies a merchant slower than the time limit, and one that is not there', async () => {
    const slow = await serve((_req, res) => void setTimeout(() => res.status(200).end(), 1_000).unref());
    const timedOut = await sendSignedEvent({ url: slow, secret: MERCHANT_SECRET }, event, {
      at: new Date(),
      timeoutMs: 100,
    });
    expect(timedOut).toMatchObject({ delivered: false, errorClass: 'timeout' });
    const gone = await sendSignedEvent({ url: 'http://127.0.0.1:9/', secret: MERCHANT_SECRET }, event, {
      at: new Date(),
      timeoutMs: 1_000,
    });
    expect(gone).toMatchObject({ delivered: false, errorClass: 'connection' });
    expect(gone.statusCode).toBeUndefined();
  });
});

describe('MERCHANT_WEBHOOK_URL / MERCHANT_WEBHOOK_SECRET', () => {
  it('unset (or blank) means no deliveries; both set is the configuration', () => {
    expect(loadMerchantWebhookConfig({})).toBeUndefined();
    expect(
      loadMerchantWebhookConfig({ MERCHANT_WEBHOOK_URL: ' ', MERCHANT_WEBHOOK_SECRET: '' }),
    ).toBeUndefined();
    expect(
      loadMerchantWebhookConfig({
        MERCHANT_WEBHOOK_URL: 'https://shop.example/hooks',
        MERCHANT_WEBHOOK_SECRET: MERCHANT_SECRET,
      }),
    ).toEqual({ url: 'https://shop.example/hooks', secret: MERCHANT_SECRET });
  });

  it('refuses a secret that is not whsec_ + base64, one half of the pair, or a non-http URL, naming no value', () => {
    const cases: NodeJS.ProcessEnv[] = [
      {
        MERCHANT_WEBHOOK_URL: 'https://shop.example/hooks',
        MERCHANT_WEBHOOK_SECRET: 'plain-secret-0123456789abcdef0123',
      },
      { MERCHANT_WEBHOOK_URL: 'https://shop.example/hooks' },
      { MERCHANT_WEBHOOK_SECRET: MERCHANT_SECRET },
      { MERCHANT_WEBHOOK_URL: 'ftp://shop.example/hooks', MERCHANT_WEBHOOK_SECRET: MERCHANT_SECRET },
    ];
    for (const env of cases) {
      let error: unknown;
      try {
        loadMerchantWebhookConfig(env);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/MERCHANT_WEBHOOK_(URL|SECRET)/);
      for (const value of Object.values(env)) expect(message).not.toContain(value);
    }
  });
});
