// Issue 14: POST /checkouts makes only the Temporal calls it needs. Before the start of a
// new order: the store read alone (it knows no attempt, so there is nothing to describe;
// an attempt that closed without its row is found by the retry); after the Update-With-Start: nothing, since the
// update answers with the state and the memo that tells 201 from 200 (a worker of older
// code answers the bare session, and is still understood). Every RPC the gateway's client
// sends is seen by a gRPC interceptor on its own connection. Also: GET /checkouts/:id,
// when only the store could answer and the store is down, is a 503 to retry.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { ConnectionOptions } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createApp } from '../../src/gateway/app';
import { createCheckoutSchema } from '../../src/gateway/checkouts/schema';
import { checkoutInputFor, startAttempt } from '../../src/gateway/checkouts/start';
import { createLogger } from '../../src/logging/logger';
import { createMetrics } from '../../src/metrics/metrics';
import { openOrderStoreReader } from '../../src/store';
import type { OrderStore } from '../../src/store';
import { checkoutIdFor, checkoutWorkflowId } from '../../workflows/contract';
import { API_KEY, WEBHOOK_BODY_LIMIT, closeServer, listenEphemeral, startHarness } from './support/harness';
import type { Harness } from './support/harness';
import { api, checkoutBody, record } from './support/http';

jest.setTimeout(120_000);

/** Which HTTP request the gateway is serving: every call it makes runs in that context. */
const servingRequest = new AsyncLocalStorage<string>();
/** The gRPC method of every call the gateway's client made, in order, with its request. */
const rpcs: Array<{ request: string | undefined; method: string }> = [];
type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];
const seeRpc: GrpcInterceptor = (options, nextCall) => {
  rpcs.push({
    request: servingRequest.getStore(),
    method: options.method_definition.path.split('/').pop() ?? '',
  });
  // grpc-js types the next call as its interface; the interceptor hands it on unchanged.
  return nextCall(options) as ReturnType<GrpcInterceptor>;
};

/** The calls each request made (in order), keyed by request. */
async function callsOf<T>(request: () => Promise<T>): Promise<{ result: T; calls: Map<string, string[]> }> {
  rpcs.length = 0;
  const result = await request();
  const calls = new Map<string, string[]>();
  for (const { request: id, method } of rpcs) {
    if (id === undefined) continue;
    calls.set(id, [...(calls.get(id) ?? []), method]);
  }
  return { result, calls };
}

/** What a request asked Temporal after its Update-With-Start (the update's own polls aside). */
const afterTheUpdate = (calls: string[]) =>
  calls.includes('ExecuteMultiOperation')
    ? calls
        .slice(calls.indexOf('ExecuteMultiOperation') + 1)
        .filter((c) => c !== 'PollWorkflowExecutionUpdate')
    : [];

/** The real app on its own port, each request served in its own context. */
async function serveGateway(h: Harness, store: OrderStore | undefined) {
  const app = createApp({
    client: h.client,
    config: { apiKeys: [API_KEY], publicBaseUrl: h.url, webhookBodyLimitBytes: WEBHOOK_BODY_LIMIT },
    providers: h.providers,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ collectDefaults: false }),
    taskQueue: h.taskQueue,
    store,
  });
  const server = createServer((req, res) => servingRequest.run(randomUUID(), () => app(req, res)));
  return { url: await listenEphemeral(server), close: () => closeServer(server) };
}

describe('POST /checkouts asks Temporal only what it needs', () => {
  let h: Harness;
  let gateway: Awaited<ReturnType<typeof serveGateway>>;
  beforeAll(async () => {
    h = await startHarness({ grpcInterceptors: [seeRpc] });
    gateway = await serveGateway(h, h.store);
  });
  afterAll(async () => {
    await gateway?.close();
    await h?.close();
  });

  it('opens a new checkout with no call before the update and none after it', async () => {
    const { result: created, calls } = await callsOf(() =>
      api(gateway.url, 'POST', '/checkouts', checkoutBody('wegetfinancing')),
    );
    expect(created.status).toBe(201);
    const body = record(created.json);
    expect(body).toMatchObject({ status: 'awaitingCustomer', provider: 'wegetfinancing' });
    expect(String(body.redirectUrl)).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const [only] = [...calls.values()];
    expect(calls.size).toBe(1);
    // The old code described attempt 1 first, though the store had just said there is none.
    expect(only?.filter((call) => call !== 'PollWorkflowExecutionUpdate')).toEqual(['ExecuteMultiOperation']);
  });

  it('starts attempt 2 when attempt 1 closed in Temporal without ever reaching the store', async () => {
    const request = checkoutBody('wegetfinancing');
    const firstId = checkoutIdFor(String(request.orderId), 1);
    // An attempt 1 no worker ever ran (so no row), closed: the empty store is not the whole truth.
    const first = await h.client.workflow.start('checkoutWorkflow', {
      workflowId: checkoutWorkflowId(firstId),
      taskQueue: `nobody-${randomUUID()}`,
      args: [],
    });
    await first.terminate('closed before its row was written');
    const { result: created, calls } = await callsOf(() => api(gateway.url, 'POST', '/checkouts', request));
    expect(created.status).toBe(201);
    expect(record(created.json).checkoutId).toBe(checkoutIdFor(String(request.orderId), 2));
    // The trusting start was refused (REJECT_DUPLICATE); the second look described attempt 1.
    const [only] = [...calls.values()];
    expect(only?.filter((call) => call !== 'PollWorkflowExecutionUpdate')).toEqual([
      'ExecuteMultiOperation',
      'DescribeWorkflowExecution',
      'DescribeWorkflowExecution',
      'ExecuteMultiOperation',
    ]);
  });

  it('lets 20 identical requests that arrive together share one Update-With-Start: one 201, the rest 200', async () => {
    const request = checkoutBody('wegetfinancing');
    const { result: answers, calls } = await callsOf(() =>
      Promise.all(Array.from({ length: 20 }, () => api(gateway.url, 'POST', '/checkouts', request))),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const bodies = answers.map((answer) => record(answer.json));
    expect(new Set(bodies.map((body) => body.checkoutId)).size).toBe(1);
    expect(new Set(bodies.map((body) => body.redirectUrl)).size).toBe(1);
    // Temporal admits 10 in-flight updates per workflow: one update for all of them (the old
    // code sent one per request, and refused ones were answered 503 in CI).
    const perRequest = [...calls.values()];
    const updates = perRequest.flat().filter((call) => call === 'ExecuteMultiOperation');
    expect(updates).toHaveLength(1);
    // Whoever made the update has its answer from it: nothing after it.
    expect(perRequest.map(afterTheUpdate)).toEqual(perRequest.map(() => []));
  });

  it('answers a repeat of a running checkout from its lookup and one query', async () => {
    const request = checkoutBody('wegetfinancing');
    const created = await api(gateway.url, 'POST', '/checkouts', request);
    expect(created.status).toBe(201);
    const { result: repeat, calls } = await callsOf(() => api(gateway.url, 'POST', '/checkouts', request));
    expect(repeat.status).toBe(200);
    expect(record(repeat.json)).toEqual(record(created.json));
    // Attempt 1 found running, attempt 2 found missing, then the query (the old code described again).
    expect([...calls.values()]).toEqual([
      ['DescribeWorkflowExecution', 'DescribeWorkflowExecution', 'QueryWorkflow'],
    ]);
  });

  it('still tells 201 from 200 when the worker answers the session update in the old shape', async () => {
    const taskQueue = `old-session-answer-${randomUUID()}`;
    const worker = await Worker.create({
      connection: h.env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./support/bare-session-answer-workflow'),
    });
    const request = createCheckoutSchema.parse(checkoutBody('wegetfinancing'));
    const input = checkoutInputFor(request, checkoutIdFor(request.orderId, 1), {
      config: { publicBaseUrl: h.url },
      callbackSecret: 'create-path-test-callback-secret-0123456789',
    });
    await worker.runUntil(async () => {
      const first = await startAttempt(h.client, taskQueue, input);
      const again = await startAttempt(h.client, taskQueue, input);
      expect(first).toMatchObject({ kind: 'session', startedHere: true });
      expect(again).toMatchObject({ kind: 'session', startedHere: false });
      // The old answer carries no state: the gateway queries for it (create.ts).
      expect(first.kind === 'session' && first.state).toBeUndefined();
      expect(again.kind === 'session' && again.state).toBeUndefined();
      expect(again.kind === 'session' && again.session.providerReference).toBe(
        `old-${input.session.checkoutId}`,
      );
    });
  });

  it('answers GET /checkouts/:id with 503 when only the order store could answer and it is down', async () => {
    // A port nothing listens on: the store's connection is refused, as in an outage.
    const probe = createServer();
    const closedPort = Number(new URL(await listenEphemeral(probe)).port);
    await closeServer(probe);
    const downStore = openOrderStoreReader({ socketPort: closedPort });
    const down = await serveGateway(h, downStore);
    try {
      // An id the gateway could have issued, whose workflow Temporal does not have.
      const checkoutId = checkoutIdFor(`gone-${randomUUID().slice(0, 8)}`, 1);
      const read = await api(down.url, 'GET', `/checkouts/${checkoutId}`);
      expect(read.status).toBe(503);
      expect(record(read.json)).toMatchObject({ error: { code: 'order_store_unavailable' } });
    } finally {
      await down.close();
      await downStore?.close();
    }
  });
});
