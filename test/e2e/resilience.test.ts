// What production does to a checkout: Temporal goes away for a while, the worker dies
// mid-checkout. Each checkout must still finish, exactly once.
import { APPROVE_BODY, actAsCustomer, sampleCheckoutRequest } from '../../src/demo/merchant-client';
import { orderCount, startStack } from './support/stack';
import type { Stack } from './support/stack';

jest.setTimeout(240_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack('resilience');
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

it('while Temporal is down the receivers answer 503, and the provider redelivery completes the checkout', async () => {
  const created = await stack.api.createCheckout(sampleCheckoutRequest('wegetfinancing', 'e2e-outage-1'));
  expect(created.status).toBe(201);
  const checkout = created.body;
  const deliverer = stack.sandbox.simulators.wegetfinancing.deliverer;

  await stack.stopTemporal();
  expect((await stack.api.api.GET('/readyz')).response.status).toBe(503);
  await actAsCustomer(stack.sandboxUrl, 'wegetfinancing', checkout.providerReference, 'approve');
  for (let i = 0; i < 100 && !deliverer.attempts.some((a) => a.status === 503); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(deliverer.attempts.some((attempt) => attempt.status === 503)).toBe(true);

  await stack.startTemporal();
  const final = await stack.api.waitForStatus(checkout.checkoutId, ['completed', 'cancelled'], 120_000);
  expect(final.status).toBe('completed');
  expect(deliverer.attempts.some((attempt) => attempt.status === 200)).toBe(true);
  expect(await orderCount(stack, checkout.checkoutId)).toBe(1);
});

it('a worker killed mid-checkout and started again finishes the checkout once', async () => {
  const created = await stack.api.createCheckout(sampleCheckoutRequest('affirm', 'e2e-worker-kill-1'));
  expect(created.status).toBe(201);
  const checkout = created.body;

  await stack.killWorker();
  // The customer confirms while no worker runs: the gateway's signals wait in Temporal.
  const acted = await actAsCustomer(
    stack.sandboxUrl,
    'affirm',
    checkout.providerReference,
    'approve',
    APPROVE_BODY.affirm,
  );
  expect(acted.status).toBeLessThan(300);
  const waiting = await stack.api.getCheckout(checkout.checkoutId);
  expect(waiting.body.status).not.toBe('completed');

  stack.startWorker();
  const final = await stack.api.waitForStatus(checkout.checkoutId, ['completed', 'cancelled'], 120_000);
  expect(final.status).toBe('completed');
  expect(await orderCount(stack, checkout.checkoutId)).toBe(1);
});

it('a completed checkout stays readable, and a repeat of its order is answered, while no worker runs', async () => {
  const created = await stack.api.createCheckout(sampleCheckoutRequest('ecomtrade24', 'e2e-no-worker-1'));
  expect(created.status).toBe(201);
  await actAsCustomer(stack.sandboxUrl, 'ecomtrade24', created.body.providerReference, 'approve');
  await stack.api.waitForStatus(created.body.checkoutId, ['completed'], 60_000);

  await stack.killWorker();
  try {
    const read = await stack.api.getCheckout(created.body.checkoutId);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('completed');
    const repeat = await stack.api.createCheckout(sampleCheckoutRequest('ecomtrade24', 'e2e-no-worker-1'));
    expect(repeat.status).toBe(200);
    expect(repeat.body.checkoutId).toBe(created.body.checkoutId);
  } finally {
    stack.startWorker();
  }
});
