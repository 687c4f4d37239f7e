// The merchant API's contract additions, over real HTTP against a real Temporal dev
// server and worker (WeGetFinancing's and iwocaPay's simulators as the providers):
// metadata round-trips, Idempotency-Key, the merchant's expiresAt and GET /checkouts.
import { checkoutResponseSchema, checkoutSummarySchema } from '../../src/gateway/checkouts/responses';
import { checkoutListSchema } from '../../src/gateway/checkouts/list';
import type { Harness } from './support/harness';
import { API_KEY, startHarness } from './support/harness';
import type { Answer } from './support/http';
import { api, checkoutBody, newOrderId, record, send } from './support/http';

jest.setTimeout(120_000);

const HOUR = 3_600_000;

describe('merchant API contract', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (path: string, body: unknown, idempotencyKey?: string): Promise<Answer> =>
    send(`${h.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
      body: JSON.stringify(body),
    });
  const list = async (query: string) => api(h.url, 'GET', `/checkouts?${query}`);
  const checkoutsOfOrder = async (orderId: string) =>
    checkoutListSchema.parse((await list(`orderId=${orderId}`)).json).items;

  describe('metadata', () => {
    it('is stored, returned by POST, GET and the list, and never sent to the provider', async () => {
      const metadata = { cartId: 'cart-1234', 'source.channel': 'mobile:app', note: 'x'.repeat(500) };
      const body = checkoutBody('wegetfinancing', { metadata });
      const created = await post('/checkouts', body);
      expect(created.status).toBe(201);
      expect(checkoutSummarySchema.parse(created.json).metadata).toEqual(metadata);
      const { checkoutId, providerReference } = record(created.json);
      const read = await api(h.url, 'GET', `/checkouts/${String(checkoutId)}`);
      expect(checkoutResponseSchema.parse(read.json).metadata).toEqual(metadata);
      const [listed] = await checkoutsOfOrder(String(body.orderId));
      expect(listed?.metadata).toEqual(metadata);
      const atProvider = JSON.stringify(h.sandboxes.wgf.requests.get(String(providerReference)));
      expect(atProvider).not.toContain('cart-1234');
      expect(h.logs.join('\n')).not.toContain('cart-1234');
    });

    it('is {} when none was sent', async () => {
      const created = await post('/checkouts', checkoutBody('wegetfinancing'));
      expect(record(created.json).metadata).toEqual({});
    });

    it.each([
      ['21 keys', Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']))],
      ['a value over 500 characters', { k: 'x'.repeat(501) }],
      ['a value that is not a string', { k: 5 }],
      ['a key starting with _', { __proto__x: 'v' }],
      ['an empty key', { '': 'v' }],
    ])('refuses %s with 400, starting nothing', async (_what, metadata) => {
      const body = checkoutBody('wegetfinancing', { metadata });
      const answer = await post('/checkouts', body);
      expect(answer.status).toBe(400);
      expect(record(record(answer.json).error).code).toBe('invalid_request');
      expect(await checkoutsOfOrder(String(body.orderId))).toEqual([]);
    });
  });

  describe('Idempotency-Key', () => {
    it('gives the first answer again for the same key and body', async () => {
      const key = `key-${newOrderId()}`;
      const body = checkoutBody('wegetfinancing');
      const first = await post('/checkouts', body, key);
      const again = await post('/checkouts', body, key);
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.json).toEqual(first.json);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('location')).toBe(`/checkouts/${String(record(first.json).checkoutId)}`);
    });

    it('refuses the same key with another body (409), starting nothing', async () => {
      const key = `key-${newOrderId()}`;
      const first = await post('/checkouts', checkoutBody('wegetfinancing'), key);
      expect(first.status).toBe(201);
      const other = checkoutBody('wegetfinancing');
      const reused = await post('/checkouts', other, key);
      expect(reused.status).toBe(409);
      expect(record(record(reused.json).error).code).toBe('idempotency_key_reused');
      expect(await checkoutsOfOrder(String(other.orderId))).toEqual([]);
    });

    it('keeps the natural key: without a header a repeat of the order is the same checkout', async () => {
      const body = checkoutBody('wegetfinancing');
      const keyed = await post('/checkouts', body, `key-${newOrderId()}`);
      const plain = await post('/checkouts', body);
      expect([keyed.status, plain.status]).toEqual([201, 200]);
      expect(record(plain.json).checkoutId).toBe(record(keyed.json).checkoutId);
    });

    it('answers a repeated cancel with its first answer, not with already_decided', async () => {
      const created = record((await post('/checkouts', checkoutBody('iwocapay'))).json);
      const path = `/checkouts/${String(created.checkoutId)}/cancel`;
      const key = `cancel-${newOrderId()}`;
      const first = await post(path, {}, key);
      expect(first.status).toBe(202);
      // Wait for the decision: an unkeyed repeat now gets 409.
      for (let i = 0; i < 100; i++) {
        const state = record((await api(h.url, 'GET', `/checkouts/${String(created.checkoutId)}`)).json);
        if (state.status === 'cancelled') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await post(path, {})).status).toBe(409);
      const again = await post(path, {}, key);
      expect(again.status).toBe(202);
      expect(again.json).toEqual(first.json);
      // The key is bound to its route: the same key on another checkout is refused.
      const other = record((await post('/checkouts', checkoutBody('iwocapay'))).json);
      const elsewhere = await post(`/checkouts/${String(other.checkoutId)}/cancel`, {}, key);
      expect(elsewhere.status).toBe(409);
      expect(record(record(elsewhere.json).error).code).toBe('idempotency_key_reused');
    });

    it('refuses a malformed key with 400', async () => {
      const body = checkoutBody('wegetfinancing');
      const answer = await post('/checkouts', body, 'x'.repeat(256));
      expect(answer.status).toBe(400);
      expect(record(record(answer.json).error).code).toBe('invalid_idempotency_key');
      expect(await checkoutsOfOrder(String(body.orderId))).toEqual([]);
    });
  });

  describe('expiresAt', () => {
    it('is taken within the provider maximum and returned when it is the sooner expiry', async () => {
      const expiresAt = new Date(Date.now() + 48 * HOUR).toISOString();
      const created = await post('/checkouts', checkoutBody('iwocapay', { expiresAt }));
      expect(created.status).toBe(201);
      const read = checkoutResponseSchema.parse(
        (await api(h.url, 'GET', `/checkouts/${String(record(created.json).checkoutId)}`)).json,
      );
      expect(read.expiresAt).toBe(expiresAt);
    });

    it.each([
      ['iwocapay', 73 * HOUR],
      ['wipay', 5 * HOUR],
      ['wegetfinancing', 8 * 24 * HOUR],
    ] as const)('refuses %s beyond its maximum with 422, starting nothing', async (provider, inMs) => {
      const body = checkoutBody(provider, { expiresAt: new Date(Date.now() + inMs).toISOString() });
      const answer = await post('/checkouts', body);
      expect(answer.status).toBe(422);
      expect(record(record(answer.json).error).code).toBe('expires_at_out_of_range');
      expect(await checkoutsOfOrder(String(body.orderId))).toEqual([]);
    });

    it('refuses a time in the past (422) and a malformed one (400)', async () => {
      const past = checkoutBody('iwocapay', { expiresAt: new Date(Date.now() - 1_000).toISOString() });
      const answer = await post('/checkouts', past);
      expect(answer.status).toBe(422);
      expect(record(record(answer.json).error).code).toBe('expires_at_in_past');
      const malformed = await post('/checkouts', checkoutBody('iwocapay', { expiresAt: 'tomorrow' }));
      expect(malformed.status).toBe(400);
    });
  });

  describe('GET /checkouts', () => {
    it('pages newest first with an opaque cursor, stable while checkouts are added', async () => {
      const started: string[] = [];
      const marker = new Date(Date.now() - 1).toISOString();
      for (let i = 0; i < 5; i++) {
        const created = await post('/checkouts', checkoutBody('wegetfinancing'));
        started.push(String(record(created.json).checkoutId));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = `provider=wegetfinancing&createdAfter=${encodeURIComponent(marker)}&limit=2`;
        const answer = await list(cursor ? `${query}&cursor=${cursor}` : query);
        expect(answer.status).toBe(200);
        const page = checkoutListSchema.parse(answer.json);
        seen.push(...page.items.map((item) => item.checkoutId));
        cursor = page.nextCursor;
        pages += 1;
        // A checkout started between pages is newer than every cursor: it shows on page one only.
        if (pages === 1) await post('/checkouts', checkoutBody('wegetfinancing'));
      } while (cursor);
      expect(seen).toEqual([...started].reverse());
      expect(pages).toBe(3);
    });

    it('filters by status and order id', async () => {
      const body = checkoutBody('iwocapay');
      const created = record((await post('/checkouts', body)).json);
      const [item] = checkoutListSchema.parse(
        (await list(`orderId=${String(body.orderId)}&status=open`)).json,
      ).items;
      expect(item).toMatchObject({
        checkoutId: created.checkoutId,
        status: 'open',
        provider: 'iwocapay',
        amount: '120.00',
      });
      const none = checkoutListSchema.parse(
        (await list(`orderId=${String(body.orderId)}&status=completed`)).json,
      );
      expect(none).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['limit=0', 'invalid_query'],
      ['limit=101', 'invalid_query'],
      ['limit=ten', 'invalid_query'],
      ['status=paid', 'invalid_query'],
      ['provider=paypal', 'invalid_query'],
      ['unknown=1', 'invalid_query'],
      ['status=open&status=completed', 'invalid_query'],
      ['createdAfter=yesterday', 'invalid_query'],
      ['cursor=not-a-cursor', 'invalid_cursor'],
    ])('refuses %s with 400 %s', async (query, code) => {
      const answer = await list(query);
      expect(answer.status).toBe(400);
      expect(record(record(answer.json).error).code).toBe(code);
    });

    it('needs the API key', async () => {
      expect((await api(h.url, 'GET', '/checkouts', undefined, null)).status).toBe(401);
    });
  });
});
