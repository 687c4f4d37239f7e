// The product arm: checkouts through the real gateway (POST /checkouts answered with the
// session), completed by signed WeGetFinancing postbacks, ending in an order row.
import { loadWeGetFinancingConfig } from '../../../src/providers/wegetfinancing';
import { parseWeGetFinancingInbound } from '../../../src/providers/wegetfinancing/inbound';
import { checkoutWorkflowId, providerEventSignal } from '../../../workflows/contract';
import type { ProviderEvent } from '../../../workflows/domain';
import { api, checkoutBody, send } from '../../gateway/support/http';
import { wgfPostback } from '../../gateway/support/inbound';
import { endToEnd } from '../support/end-to-end';
import type { EndToEndRun } from '../support/end-to-end';
import { timedPool } from '../support/pool';
import { RetryLater } from '../support/retry-later';
import type { PoolRun } from '../support/pool';
import { BENCH_API_KEY } from '../support/product-stack';
import type { ProductStack } from '../support/product-stack';

export interface OpenedCheckout {
  checkoutId: string;
  providerReference: string;
}

export interface PostbackMessage {
  headers: Record<string, string>;
  body: string;
}

export function productArm(stack: ProductStack) {
  const env = stack.sandbox.sandbox.providerEnv;
  const secrets = { username: env.WGF_USERNAME as string, password: env.WGF_PASSWORD as string };
  const wgfConfig = loadWeGetFinancingConfig(env);
  if (!wgfConfig) throw new Error('the sandbox gave no WeGetFinancing settings');

  const retries = new RetryLater();

  async function open(overrides: Record<string, unknown> = {}): Promise<OpenedCheckout> {
    const body = checkoutBody('wegetfinancing', overrides);
    const answer = await retries.answer(
      'POST /checkouts',
      [201],
      () => api(stack.gatewayUrl, 'POST', '/checkouts', body, BENCH_API_KEY),
      [200],
    );
    const opened = answer.json as OpenedCheckout;
    return { checkoutId: opened.checkoutId, providerReference: opened.providerReference };
  }

  /** An approved v1.9 postback, signed the way WeGetFinancing signs it. */
  function approvedPostback(checkout: OpenedCheckout): PostbackMessage {
    return wgfPostback(
      {
        request_token: checkout.providerReference,
        merchant_transaction_id: checkout.checkoutId,
        updates: { status: 'approved' },
      },
      secrets,
    );
  }

  /** Each delivery signed afresh, as a provider's redelivery is. */
  async function deliverPostback(checkout: OpenedCheckout): Promise<void> {
    await retries.answer('postback', [200], () => {
      const message = approvedPostback(checkout);
      return send(`${stack.gatewayUrl}/webhooks/wegetfinancing`, {
        method: 'POST',
        headers: message.headers,
        body: message.body,
      });
    });
  }

  /** The event the gateway would signal for the same postback (the product's own parser). */
  function eventFor(checkout: OpenedCheckout): ProviderEvent {
    const message = approvedPostback(checkout);
    const parsed = parseWeGetFinancingInbound(wgfConfig as NonNullable<typeof wgfConfig>, 'webhook', {
      method: 'POST',
      headers: message.headers,
      rawBody: Buffer.from(message.body),
      query: {},
      receivedAt: new Date(),
    });
    if (parsed.type !== 'event') throw new Error('the postback parsed to no event');
    return parsed.event;
  }

  async function signalDirectly(checkout: OpenedCheckout): Promise<void> {
    const handle = stack.client.workflow.getHandle(checkoutWorkflowId(checkout.checkoutId));
    await handle.signal(providerEventSignal, eventFor(checkout));
  }

  /** The workflow has ended and the order row exists. */
  async function awaitOrder(checkoutId: string): Promise<void> {
    await stack.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).result();
    if (!(await stack.store.getOrderByCheckout(checkoutId)))
      throw new Error(`checkout ${checkoutId} ended without an order`);
  }

  return {
    open,
    deliverPostback,
    signalDirectly,
    retried: () => retries.retried,
    awaitOrder,
    /** `count` checkouts end to end; `openMs` holds each POST /checkouts latency. */
    endToEnd: (count: number, concurrency: number): Promise<EndToEndRun> =>
      endToEnd(count, concurrency, {
        open: () => open(),
        idOf: (checkout) => checkout.checkoutId,
        async finish(checkout) {
          await deliverPostback(checkout);
          await awaitOrder(checkout.checkoutId);
        },
      }),
    /** Opens `count` checkouts, then times their postbacks (gateway) or direct signals. */
    async webhooks(count: number, concurrency: number, via: 'gateway' | 'signal'): Promise<PoolRun> {
      const opened: OpenedCheckout[] = [];
      await timedPool([...Array(count).keys()], concurrency, async () => {
        opened.push(await open());
      });
      const run = await timedPool(opened, concurrency, via === 'gateway' ? deliverPostback : signalDirectly);
      // Drained before the next figure, so its tail does not load the next measurement.
      await timedPool(opened, concurrency, (checkout) => awaitOrder(checkout.checkoutId));
      return run;
    },
  };
}

export type ProductArm = ReturnType<typeof productArm>;
