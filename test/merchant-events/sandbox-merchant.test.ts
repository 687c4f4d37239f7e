// The sandbox's merchant endpoint (`npm start` serves it at /merchant): it verifies every
// delivery with the `standardwebhooks` package, refuses what does not verify, can be told
// to answer 503 for a while, and shows what it acted on, once per webhook-id.
import express from 'express';
import { signedHeaders } from '../../src/merchant-events/send';
import type { LocalServer } from '../../src/sandbox/control';
import { listenLocal } from '../../src/sandbox/control';
import { createMerchantReceiver } from '../../src/sandbox/merchant/receiver';
import { MERCHANT_SECRET } from './support/merchant';

let server: LocalServer;
beforeAll(async () => {
  const app = express();
  app.use('/merchant', createMerchantReceiver(MERCHANT_SECRET).router);
  server = await listenLocal(app);
});
afterAll(() => server?.close());

const body = JSON.stringify({
  id: 'evt_1',
  type: 'checkout.completed',
  createdAt: '2026-12-01T10:00:00Z',
  data: {},
});
const post = (headers: Record<string, string>, text = body) =>
  fetch(`${server.url}/merchant`, { method: 'POST', headers, body: text });

it('acts on a signed delivery once per webhook-id, refuses a forged one, and answers 503 when told', async () => {
  const signed = () => signedHeaders(MERCHANT_SECRET, 'evt_1', new Date(), body);
  expect((await post(signed())).status).toBe(200);
  expect((await post(signed())).status).toBe(200);
  expect((await post(signed(), body.replace('completed', 'cancelled'))).status).toBe(400);
  expect((await post({ 'content-type': 'application/json' })).status).toBe(400);

  const control = await fetch(`${server.url}/merchant/_sandbox/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 503, times: 1 }),
  });
  expect(control.status).toBe(204);
  expect((await post(signed())).status).toBe(503);
  expect((await post(signed())).status).toBe(200);

  const seen = (await (await fetch(`${server.url}/merchant`)).json()) as {
    events: { id: string }[];
    deliveries: { verified: boolean; status: number }[];
  };
  expect(seen.events.map((e) => e.id)).toEqual(['evt_1']);
  expect(seen.deliveries.map((d) => [d.verified, d.status])).toEqual([
    [true, 200],
    [true, 200],
    [false, 400],
    [false, 400],
    [true, 503],
    [true, 200],
  ]);
});
