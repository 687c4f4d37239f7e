// The backend API against a real Temporal dev server and the real worker, with
// WeGetFinancing's simulator as the provider: start, repeat, read, cancel, retry.
import { createServer } from 'node:http';
import { checkoutIdFor, checkoutWorkflowId } from '../../workflows/contract';
import { loadProviderRegistry } from '../../src/config/providers';
import { createApp } from '../../src/gateway/app';
import { createMetrics } from '../../src/metrics/metrics';
import type { Harness } from './support/harness';
import { API_KEY, captureLogger, closeServer, listenEphemeral, startHarness } from './support/harness';
import { api, checkoutBody, eventually, record, send } from './support/http';
import { scrapeMetrics } from './support/metrics';

jest.setTimeout(120_000);

describe('backend API: /checkouts', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const stateOf = async (checkoutId: string) =>
    record((await api(h.url, 'GET', `/checkouts/${checkoutId}`)).json);

  it('starts a checkout: 201, Location, the redirect URL from the provider session', async () => {
    const body = checkoutBody('wegetfinancing');
    const answer = await api(h.url, 'POST', '/checkouts', body);
    expect(answer.status).toBe(201);
    const created = record(answer.json);
    const checkoutId = checkoutIdFor(String(body.orderId), 1);
    expect(created).toMatchObject({ checkoutId, orderId: body.orderId, provider: 'wegetfinancing' });
    expect(answer.headers.get('location')).toBe(`/checkouts/${checkoutId}`);
    expect(String(created.redirectUrl)).toContain('/wegetfinancing/application/');
    const session = h.sandboxes.wgf.requests.get(String(created.providerReference));
    expect(session?.merchantTransactionId).toBe(checkoutId);
    expect(session?.postbackUrl).toBe(`${h.url}/webhooks/wegetfinancing`);

    const read = await api(h.url, 'GET', `/checkouts/${checkoutId}`);
    expect(read.status).toBe(200);
    expect(record(read.json)).toMatchObject({
      checkoutId,
      status: 'awaitingCustomer',
      amount: '49.95',
      currency: 'USD',
      providerReference: created.providerReference,
      reason: null,
    });
    const summary = await h.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).describe();
    expect(await summary.staticSummary()).toBe(`wegetfinancing · order ${String(body.orderId)} · 49.95 USD`);
  });

  it('answers a repeat with 200 and the same checkout', async () => {
    const body = checkoutBody('wegetfinancing');
    const first = await api(h.url, 'POST', '/checkouts', body);
    const again = await api(h.url, 'POST', '/checkouts', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('yields one checkout for 20 concurrent identical requests (one workflow, one provider session)', async () => {
    const body = checkoutBody('wegetfinancing');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api(h.url, 'POST', '/checkouts', body)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(answers.map((answer) => record(answer.json).checkoutId));
    expect(ids).toEqual(new Set([checkoutIdFor(String(body.orderId), 1)]));

    const sessions = [...h.sandboxes.wgf.requests.values()].filter((request) =>
      request.merchantTransactionId?.startsWith(`${String(body.orderId)}-a`),
    );
    expect(sessions).toHaveLength(1);
    const workflows = await eventually(async () => {
      const found: string[] = [];
      for await (const execution of h.client.workflow.list({
        query: `MerchantOrderId = "${String(body.orderId)}"`,
      })) {
        found.push(execution.workflowId);
      }
      return found.length > 0 ? found : undefined;
    });
    expect(workflows).toEqual([checkoutWorkflowId(checkoutIdFor(String(body.orderId), 1))]);
  });

  it('cancels (202), refuses a second cancel (409), then starts attempt 2 for the same order', async () => {
    const body = checkoutBody('wegetfinancing');
    const created = record((await api(h.url, 'POST', '/checkouts', body)).json);
    const checkoutId = String(created.checkoutId);

    const cancel = await api(h.url, 'POST', `/checkouts/${checkoutId}/cancel`);
    expect(cancel.status).toBe(202);
    const cancelled = await eventually(async () => {
      const state = await stateOf(checkoutId);
      return state.status === 'cancelled' ? state : undefined;
    });
    expect(cancelled.reason).toBe('merchantCancelled');

    const again = await api(h.url, 'POST', `/checkouts/${checkoutId}/cancel`);
    expect(again.status).toBe(409);
    expect(record(record(again.json).error)).toMatchObject({ code: 'already_decided' });
    expect(String(record(record(again.json).error).message)).toContain('cancelled (merchantCancelled)');

    // The first attempt still runs, listening for a late payment, yet counts as closed.
    const described = await h.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).describe();
    expect(described.status.name).toBe('RUNNING');
    const retry = await api(h.url, 'POST', '/checkouts', body);
    expect(retry.status).toBe(201);
    expect(record(retry.json).checkoutId).toBe(checkoutIdFor(String(body.orderId), 2));
    // The cancelled attempt still answers its query.
    expect((await stateOf(checkoutId)).status).toBe('cancelled');
  });

  it('returns a completed checkout (200) instead of starting another attempt', async () => {
    const body = checkoutBody('wegetfinancing');
    const created = record((await api(h.url, 'POST', '/checkouts', body)).json);
    const checkoutId = String(created.checkoutId);
    const approve = await h.sandboxes.control(
      'wegetfinancing',
      `/sessions/${String(created.providerReference)}/approve`,
    );
    expect(approve.status).toBe(200);
    await eventually(async () => ((await stateOf(checkoutId)).status === 'completed' ? true : undefined));
    await eventually(async () => {
      const described = await h.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).describe();
      return described.status.name === 'COMPLETED' ? true : undefined;
    });

    const repeat = await api(h.url, 'POST', '/checkouts', body);
    expect(repeat.status).toBe(200);
    expect(record(repeat.json)).toMatchObject({ checkoutId, status: 'completed' });
    expect(await h.store.countOrders(checkoutId)).toBe(1);
    const cancel = await api(h.url, 'POST', `/checkouts/${checkoutId}/cancel`);
    expect(cancel.status).toBe(409);
  });

  it('refuses a repeat of an order with another amount or provider (409)', async () => {
    const body = checkoutBody('wegetfinancing');
    expect((await api(h.url, 'POST', '/checkouts', body)).status).toBe(201);
    const changed = await api(h.url, 'POST', '/checkouts', { ...body, amount: '50.00' });
    expect(changed.status).toBe(409);
    expect(record(record(changed.json).error).code).toBe('order_conflict');
  });

  it('answers 502 with the provider reason when the session cannot be made, without secrets', async () => {
    h.sandboxes.wgf.faults.add({ operation: 'create', status: 400, times: 1 });
    const body = checkoutBody('wegetfinancing');
    const answer = await api(h.url, 'POST', '/checkouts', body);
    expect(answer.status).toBe(502);
    const error = record(record(answer.json).error);
    expect(error.code).toBe('session_failed');
    expect(String(error.message)).toContain('wegetfinancing');
    expect(answer.text).not.toContain('wgf-Secret-Pa55');
    expect(answer.text).not.toMatch(/at \w+ \(/); // no stack trace
    // The failed attempt closed as cancelled (sessionFailed): the next request is attempt 2.
    await eventually(async () => {
      const described = await h.client.workflow
        .getHandle(checkoutWorkflowId(checkoutIdFor(String(body.orderId), 1)))
        .describe();
      return described.status.name === 'COMPLETED' ? true : undefined;
    });
    const retry = await api(h.url, 'POST', '/checkouts', body);
    expect(retry.status).toBe(201);
    expect(record(retry.json).checkoutId).toBe(checkoutIdFor(String(body.orderId), 2));
  });

  it('answers 401 without a valid API key, on every backend route', async () => {
    for (const [method, path] of [
      ['POST', '/checkouts'],
      ['GET', '/checkouts/x-a1'],
      ['POST', '/checkouts/x-a1/cancel'],
    ] as const) {
      for (const key of [null, 'wrong-key-0123456789abcdef', `${API_KEY}x`]) {
        const answer = await api(h.url, method, path, method === 'POST' ? {} : undefined, key);
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
        expect(record(record(answer.json).error).code).toBe('unauthorized');
      }
    }
    const basic = await send(`${h.url}/checkouts/x-a1`, { headers: { authorization: `Basic ${API_KEY}` } });
    expect(basic.status).toBe(401);
  });

  it('answers 400 with zod issues (paths and messages, no values) to an invalid body', async () => {
    const secretish = 'sk_live_should_not_echo';
    const answer = await api(h.url, 'POST', '/checkouts', {
      ...checkoutBody('wegetfinancing'),
      orderId: '-bad-',
      amount: 49.95,
      currency: secretish,
      customer: { firstName: 'Ada', email: secretish },
    });
    expect(answer.status).toBe(400);
    const error = record(record(answer.json).error);
    expect(error.code).toBe('invalid_request');
    const issues = (error.issues as Array<{ path: string; message: string }>).map((issue) => issue.path);
    expect(issues).toEqual(
      expect.arrayContaining(['orderId', 'amount', 'currency', 'customer.lastName', 'customer.email']),
    );
    expect(answer.text).not.toContain(secretish);
  });

  it('answers 400 to malformed JSON, 415 to another media type, 413 to a huge body', async () => {
    const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
    const malformed = await send(`${h.url}/checkouts`, { method: 'POST', headers, body: '{"orderId":' });
    expect([malformed.status, record(record(malformed.json).error).code]).toEqual([400, 'malformed_body']);
    const empty = await send(`${h.url}/checkouts`, { method: 'POST', headers });
    expect([empty.status, record(record(empty.json).error).code]).toEqual([400, 'invalid_request']);
    const form = await send(`${h.url}/checkouts`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'orderId=a',
    });
    expect(form.status).toBe(415);
    const huge = await send(`${h.url}/checkouts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...checkoutBody('wegetfinancing'), padding: 'x'.repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it('answers 422 for a provider without credentials', async () => {
    // A second gateway on the same Temporal whose deployment configured WeGetFinancing only.
    const server = createServer();
    const url = await listenEphemeral(server);
    server.on(
      'request',
      createApp({
        client: h.client,
        config: { apiKeys: [API_KEY], publicBaseUrl: url, webhookBodyLimitBytes: 65_536 },
        providers: loadProviderRegistry({
          WGF_MERCHANT_ID: 'm-1',
          WGF_USERNAME: 'u',
          WGF_PASSWORD: 'p',
        }),
        logger: captureLogger([]),
        metrics: createMetrics({ collectDefaults: false }),
        taskQueue: h.taskQueue,
      }),
    );
    try {
      const answer = await api(url, 'POST', '/checkouts', checkoutBody('affirm'));
      expect(answer.status).toBe(422);
      expect(record(record(answer.json).error)).toMatchObject({ code: 'provider_not_configured' });
      const webhook = await send(`${url}/webhooks/affirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'event=approved',
      });
      expect(webhook.status).toBe(404);
    } finally {
      await closeServer(server);
    }
  });

  it('answers 404 for unknown or impossible checkout ids, on read and cancel', async () => {
    for (const path of ['/checkouts/never-seen-a1', '/checkouts/not%20an%20id', '/checkouts/x']) {
      const answer = await api(h.url, 'GET', path);
      expect(answer.status).toBe(404);
      expect(record(record(answer.json).error).code).toBe('checkout_not_found');
    }
    expect((await api(h.url, 'POST', '/checkouts/never-seen-a1/cancel')).status).toBe(404);
  });

  it('exposes health and readiness, and metrics only on the metrics listener', async () => {
    expect((await api(h.url, 'GET', '/healthz', undefined, null)).status).toBe(200);
    expect((await api(h.url, 'GET', '/readyz', undefined, null)).status).toBe(200);
    expect((await api(h.url, 'GET', '/metrics', undefined, null)).status).toBe(404);
    expect((await api(h.url, 'GET', '/metrics')).status).toBe(404);
    expect((await scrapeMetrics(h.metrics, '/checkouts')).status).toBe(404);
    const metrics = await scrapeMetrics(h.metrics);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toMatch(/checkout_gateway_checkouts_started_total\{provider="wegetfinancing"\} \d+/);
    expect(metrics.text).toMatch(
      /checkout_gateway_http_requests_total\{method="POST",route="\/checkouts",status="201"\} \d+/,
    );
    // Signals, named as such: the decisions are the worker's checkout_* counters.
    expect(metrics.text).toMatch(
      /checkout_gateway_signals_total\{provider="wegetfinancing",signal="merchantCancel"\} 1/,
    );
    expect(metrics.text).toMatch(
      /checkout_gateway_signals_total\{provider="wegetfinancing",signal="providerEvent",kind="fulfil"\} 1/,
    );
    expect(metrics.text).not.toMatch(/checkout_gateway_checkouts_(completed|cancelled)_total/);
    expect(metrics.text).toContain('checkout_gateway_temporal_signal_duration_seconds_bucket');
  });

  it('logs JSON lines that name the checkout and provider and never the API key', () => {
    const lines = h.logs.map((line) => record(JSON.parse(line)));
    const answered = lines.filter((line) => line.msg === 'checkout answered');
    expect(answered.length).toBeGreaterThan(0);
    for (const line of answered)
      expect(line).toMatchObject({ provider: 'wegetfinancing', checkoutId: expect.any(String) });
    expect(h.logs.join('\n')).not.toContain('test-api-key-0123456789abcdef');
  });
});
