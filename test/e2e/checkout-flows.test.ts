// The product end to end, as a merchant, a customer and a provider meet it: real
// processes, real HTTP, the real Temporal dev server and PostgreSQL for orders.
import { checkoutWorkflowId } from '../../workflows/contract';
import { PROVIDER_IDS } from '../../workflows/domain';
import { APPROVE_BODY, actAsCustomer, sampleCheckoutRequest } from '../../src/demo/merchant-client';
import type { CheckoutSummary } from '../../src/client';
import type { ProviderId } from '../../workflows/domain';
import { checkoutResponseSchema } from '../../src/gateway/checkouts/responses';
import { orderCount, startStack } from './support/stack';
import type { Stack } from './support/stack';

jest.setTimeout(240_000);

let stack: Stack;
let orderSeq = 0;

beforeAll(async () => {
  stack = await startStack('flows');
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

/** Through the generated client: its types are the OpenAPI document's. */
async function openCheckout(provider: ProviderId): Promise<CheckoutSummary> {
  orderSeq += 1;
  const body = {
    ...sampleCheckoutRequest(provider, `e2e-${provider}-${orderSeq}`),
    metadata: { run: 'e2e', provider },
  };
  const { data, response } = await stack.api.api.POST('/checkouts', { body });
  expect(response.status).toBe(201);
  if (!data) throw new Error('POST /checkouts answered no body');
  return data;
}

function attemptsTo(path: string, provider: ProviderId) {
  const simulator = stack.sandbox.simulators[provider];
  return 'deliverer' in simulator ? simulator.deliverer.attempts.filter((a) => a.url.includes(path)) : [];
}

describe.each(PROVIDER_IDS)('%s: the customer pays', (provider) => {
  it('completes the checkout and creates exactly one order', async () => {
    const checkout = await openCheckout(provider);
    expect(checkout.redirectUrl).toContain(stack.sandboxUrl);

    const acted = await actAsCustomer(
      stack.sandboxUrl,
      provider,
      checkout.providerReference,
      'approve',
      APPROVE_BODY[provider],
    );
    expect(acted.status).toBeLessThan(300);

    const final = await stack.api.waitForStatus(checkout.checkoutId, ['completed', 'cancelled'], 60_000);
    expect(final.status).toBe('completed');
    expect(final.order?.orderId).toEqual(expect.any(String));
    expect(await orderCount(stack, checkout.checkoutId)).toBe(1);
    // The real answer is what the document says it is, metadata included.
    const read = await stack.api.api.GET('/checkouts/{checkoutId}', {
      params: { path: { checkoutId: checkout.checkoutId } },
    });
    expect(checkoutResponseSchema.parse(read.data)).toMatchObject({ metadata: { run: 'e2e', provider } });
  });
});

it('a declined WeGetFinancing application cancels the checkout with no order', async () => {
  const checkout = await openCheckout('wegetfinancing');
  await actAsCustomer(stack.sandboxUrl, 'wegetfinancing', checkout.providerReference, 'decline');
  const final = await stack.api.waitForStatus(checkout.checkoutId, ['completed', 'cancelled'], 60_000);
  expect(final).toMatchObject({ status: 'cancelled', reason: 'declined' });
  expect(await orderCount(stack, checkout.checkoutId)).toBe(0);
});

it('five deliveries of the same postback make one order, and every delivery is acknowledged', async () => {
  const checkout = await openCheckout('wegetfinancing');
  await actAsCustomer(stack.sandboxUrl, 'wegetfinancing', checkout.providerReference, 'approve', {
    delivery: { copies: 5 },
  });
  await stack.api.waitForStatus(checkout.checkoutId, ['completed'], 60_000);
  await stack.sandbox.simulators.wegetfinancing.deliverer.idle();
  expect(await orderCount(stack, checkout.checkoutId)).toBe(1);
  const answered = stack.sandbox.simulators.wegetfinancing.deliverer.attempts.filter(
    (attempt) => attempt.status === 200 && attempt.url.endsWith('/webhooks/wegetfinancing'),
  );
  expect(answered.length).toBeGreaterThanOrEqual(5);
});

it('a postback with a forged signature is answered 401 and changes nothing', async () => {
  const checkout = await openCheckout('wegetfinancing');
  const before = attemptsTo('/webhooks/wegetfinancing', 'wegetfinancing').length;
  await actAsCustomer(stack.sandboxUrl, 'wegetfinancing', checkout.providerReference, 'approve', {
    delivery: { badSignature: true },
  });
  // Wait for a few (re)deliveries: each must be refused.
  for (
    let i = 0;
    i < 100 && attemptsTo('/webhooks/wegetfinancing', 'wegetfinancing').length < before + 2;
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const refused = attemptsTo('/webhooks/wegetfinancing', 'wegetfinancing').slice(before);
  expect(refused.length).toBeGreaterThanOrEqual(2);
  expect(refused.every((attempt) => attempt.status === 401)).toBe(true);
  const state = await stack.api.getCheckout(checkout.checkoutId);
  expect(state.body.status).toBe('awaitingCustomer');
  expect(state.body.events?.received).toBe(0);
  expect(await orderCount(stack, checkout.checkoutId)).toBe(0);
});

it('a lost iwocaPay webhook is recovered by polling the status API', async () => {
  const checkout = await openCheckout('iwocapay');
  await actAsCustomer(stack.sandboxUrl, 'iwocapay', checkout.providerReference, 'approve', {
    delivery: { drop: true },
  });
  // The first poll is 60 s after the session opened (the product's default).
  const final = await stack.api.waitForStatus(checkout.checkoutId, ['completed', 'cancelled'], 150_000);
  expect(final.status).toBe('completed');
  expect(final.polls).toBeGreaterThanOrEqual(1);
  expect(final.events?.received).toBeGreaterThanOrEqual(1);
  expect(await orderCount(stack, checkout.checkoutId)).toBe(1);
});

it('the Temporal Web UI serves the page of a checkout', async () => {
  const checkout = await openCheckout('ecomtrade24');
  const page = await fetch(
    `${stack.uiUrl}/namespaces/default/workflows/${checkoutWorkflowId(checkout.checkoutId)}`,
  );
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  // And the UI's API finds it by the search attribute ops use.
  const query = encodeURIComponent(`MerchantOrderId = "${checkout.orderId}"`);
  let found = '';
  for (let i = 0; i < 50 && !found; i++) {
    const listed = (await (
      await fetch(`${stack.uiUrl}/api/v1/namespaces/default/workflows?query=${query}`)
    ).json()) as {
      executions?: Array<{ execution: { workflowId: string } }>;
    };
    found = listed.executions?.[0]?.execution.workflowId ?? '';
    if (!found) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(found).toBe(checkoutWorkflowId(checkout.checkoutId));
});
