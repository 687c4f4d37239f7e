// A running checkout's query needs a worker. While none is up (a deploy, a crash), the
// gateway answers reads from the order store instead of 503: a merchant polling
// GET /checkouts/:id still sees the status, and a repeat POST /checkouts for an order
// that completed (its workflow still finishing) still gets the paid checkout back, never
// a new attempt. Real dev server and store; the workflows run on a task queue no worker
// serves, so they stay RUNNING and every query of them times out.
import { randomUUID } from 'node:crypto';
import { checkoutInputFor } from '../../src/gateway/checkouts/start';
import { createCheckoutSchema } from '../../src/gateway/checkouts/schema';
import { checkoutWorkflow } from '../../workflows';
import { checkoutIdFor, checkoutWorkflowId } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { api, checkoutBody, record } from './support/http';

jest.setTimeout(60_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A checkout whose workflow runs where no worker polls: RUNNING, and never answering a query. */
async function unservedCheckout(row: 'none' | 'open' | 'completed') {
  const body = checkoutBody('wegetfinancing');
  const request = createCheckoutSchema.parse(body);
  const checkoutId = checkoutIdFor(request.orderId, 1);
  const input = checkoutInputFor(request, checkoutId, {
    config: { publicBaseUrl: h.url },
    callbackSecret: 'reads-without-worker-callback-secret-0123',
  });
  await h.client.workflow.start(checkoutWorkflow, {
    workflowId: checkoutWorkflowId(checkoutId),
    taskQueue: `nobody-polls-${randomUUID()}`,
    args: [input],
  });
  const identity = {
    checkoutId,
    merchantOrderId: request.orderId,
    provider: request.provider,
    amount: request.amount,
    currency: request.currency,
  };
  const providerReference = `wgf-ref-${randomUUID()}`;
  if (row !== 'none') {
    await h.store.recordCheckout(identity);
    await h.store.setProviderReference(checkoutId, providerReference);
  }
  if (row === 'completed') await h.store.completeOrder({ ...identity, providerReference });
  return { body, checkoutId, providerReference };
}

it('answers GET for an undecided checkout from the store while no worker answers its query', async () => {
  const { checkoutId, providerReference } = await unservedCheckout('open');
  const read = await api(h.url, 'GET', `/checkouts/${checkoutId}`);
  expect(read.status).toBe(200);
  expect(record(read.json)).toMatchObject({
    checkoutId,
    status: 'awaitingCustomer',
    providerReference,
    amount: '49.95',
    order: null,
    source: 'orderStore',
    payment: null,
  });
  expect(h.logs.join('\n')).toContain('the order store did');
  // A cancel needs the workflow's own answer: 503 for the backend to retry, the row untouched.
  const cancel = await api(h.url, 'POST', `/checkouts/${checkoutId}/cancel`);
  expect(cancel.status).toBe(503);
  expect((await h.store.getCheckout(checkoutId))?.status).toBe('open');
});

it('answers GET and a repeat POST for a completed checkout still finishing, opening no second session', async () => {
  const { body, checkoutId } = await unservedCheckout('completed');
  const read = await api(h.url, 'GET', `/checkouts/${checkoutId}`);
  expect(read.status).toBe(200);
  const detail = record(read.json);
  expect(detail).toMatchObject({ checkoutId, status: 'completed', source: 'orderStore' });
  expect(record(detail.order).orderId).toBe((await h.store.getOrderByCheckout(checkoutId))?.orderId);

  const repeat = await api(h.url, 'POST', '/checkouts', body);
  expect(repeat.status).toBe(200);
  expect(record(repeat.json)).toMatchObject({ checkoutId, status: 'completed' });
  const sessions = [...h.sandboxes.wgf.requests.values()].filter((session) =>
    session.merchantTransactionId?.startsWith(`${String(body.orderId)}-a`),
  );
  expect(sessions).toHaveLength(0);
  expect(await h.store.countOrders(checkoutId)).toBe(1);
});

it('still answers 503 when neither the workflow nor the store can say anything', async () => {
  const { checkoutId } = await unservedCheckout('none');
  const read = await api(h.url, 'GET', `/checkouts/${checkoutId}`);
  expect(read.status).toBe(503);
  expect(record(record(read.json).error).code).toBe('temporal_unavailable');
});
