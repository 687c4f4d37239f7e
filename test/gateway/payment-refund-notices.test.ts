// WeGetFinancing refund postbacks after the order: a verified one reaches the order's
// payment workflow (providerRefund signal) and is acknowledged once Temporal has it;
// redeliveries count once; without a payment workflow the event goes where it went
// before. The payment workflow here is the TEST STAND-IN (support/payment-stand-in*.ts)
// until the real one lands; the checkout, gateway, simulator and Temporal are real (one
// test injects a refused signal through the Temporal client's own interceptor).
import { createServer } from 'node:http';
import { Client, ServiceError } from '@temporalio/client';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { createApp } from '../../src/gateway/app';
import { createMetrics } from '../../src/metrics/metrics';
import { postbackEventId } from '../../src/providers/wegetfinancing/inbound';
import { providerRefundSignal } from '../../workflows/payment/contract';
import type { PaymentInput } from '../../workflows/payment/contract';
import type { OpenedCheckout } from './support/checkouts';
import { openCheckout, readState, waitForStatus } from './support/checkouts';
import type { Harness } from './support/harness';
import {
  API_KEY,
  WEBHOOK_BODY_LIMIT,
  captureLogger,
  closeServer,
  listenEphemeral,
  startHarness,
} from './support/harness';
import { eventually, record, send } from './support/http';
import { nowSeconds, wgfPostback } from './support/inbound';
import { scrapeMetrics } from './support/metrics';
import type { PaymentStandIn } from './support/payment-stand-in';
import { paymentFor, paymentState, startPaymentStandIn, waitForPayment } from './support/payment-stand-in';

jest.setTimeout(120_000);

describe('refund postbacks to the payment workflow', () => {
  let h: Harness;
  let standIn: PaymentStandIn;
  let receiver: string;

  beforeAll(async () => {
    h = await startHarness();
    standIn = await startPaymentStandIn(h);
    receiver = `${h.url}/webhooks/wegetfinancing`;
  });
  afterAll(async () => {
    await standIn?.close();
    await h?.close();
  });

  const post = (message: { headers: Record<string, string>; body: string }) =>
    send(receiver, { method: 'POST', ...message });

  function paymentInput(checkout: OpenedCheckout, provider: PaymentInput['provider']): PaymentInput {
    return {
      checkoutId: checkout.checkoutId,
      merchantOrderId: checkout.orderId,
      provider,
      currency: 'USD',
      amount: '49.95',
      providerReference: checkout.providerReference,
      completedAt: new Date().toISOString(),
    };
  }

  async function completedWgfCheckout() {
    const checkout = await openCheckout(h, 'wegetfinancing');
    await h.sandboxes.control('wegetfinancing', `/sessions/${checkout.providerReference}/approve`);
    await waitForStatus(h, checkout.checkoutId, 'completed');
    const payment = await paymentFor(h, standIn, paymentInput(checkout, 'wegetfinancing'));
    return { checkout, payment };
  }

  const refundPostback = (checkout: OpenedCheckout, amount: string, timestamp = nowSeconds()) =>
    wgfPostback(
      {
        request_token: checkout.providerReference,
        merchant_transaction_id: checkout.checkoutId,
        updates: { status: 'refund', amount },
      },
      { timestamp },
    );

  it('a refund from the simulator, delivered 5 times, is counted once by the payment workflow', async () => {
    const { checkout, payment } = await completedWgfCheckout();
    // The simulator leaves merchant_transaction_id out of refunds, as WeGetFinancing's
    // examples do: the gateway finds the checkout by request_token.
    const refund = await h.sandboxes.control(
      'wegetfinancing',
      `/sessions/${checkout.providerReference}/refund`,
      {
        amount: '20.00',
        delivery: { copies: 5 },
      },
    );
    expect(refund.status).toBe(200);
    await h.sandboxes.wgf.deliverer.idle();
    const answered = h.sandboxes.wgf.deliverer.attempts.filter((attempt) => attempt.url === receiver);
    expect(answered.slice(-5).map((attempt) => attempt.status)).toEqual([200, 200, 200, 200, 200]);

    const state = await waitForPayment(payment, (s) => s.refunds.length > 0, 'the refund to be counted');
    await new Promise((resolve) => setTimeout(resolve, 500)); // give late copies their chance
    const settled = await paymentState(payment);
    expect(settled).toMatchObject({ captured: '49.95', refunded: '20.00', status: 'partiallyRefunded' });
    expect(settled.refunds).toHaveLength(1);
    expect(settled.refunds[0]).toMatchObject({
      amount: '20.00',
      source: 'provider',
      eventId: postbackEventId(checkout.providerReference, 'refund', '20.00'),
    });
    expect(state.refunds[0]?.eventId).toBe(settled.refunds[0]?.eventId);
    // It went to the payment, not (as before) to the checkout's own list of late refunds.
    expect(record(await readState(h, checkout.checkoutId)).refunds).toEqual([]);
    const metrics = await scrapeMetrics(h.metrics);
    expect(metrics.text).toMatch(
      /checkout_gateway_inbound_events_total\{provider="wegetfinancing",outcome="paymentRefund"\} [5-9]/,
    );
  });

  it('partial refunds naming our checkout add up to the captured amount exactly; after that, a refund goes where it went before', async () => {
    const { checkout, payment } = await completedWgfCheckout();
    expect((await post(refundPostback(checkout, '10.00', nowSeconds()))).status).toBe(200);
    // A redelivery is signed again with a fresh timestamp: still the same event.
    expect((await post(refundPostback(checkout, '10.00', nowSeconds(1)))).status).toBe(200);
    expect((await post(refundPostback(checkout, '39.95'))).status).toBe(200);

    const state = await waitForPayment(payment, (s) => s.refunded === '49.95', 'the refunds to add up');
    expect(state.status).toBe('refunded');
    expect(state.refunds.map((refund) => refund.amount)).toEqual(['10.00', '39.95']);

    // Everything is refunded, so the payment workflow has ended: the next notice is not
    // lost but delivered as before (to the checkout's ledger while it runs, else recorded).
    await eventually(async () => ((await payment.describe()).status.name === 'RUNNING' ? undefined : true));
    const late = refundPostback(checkout, '1.00');
    expect((await post(late)).status).toBe(200);
    const lateId = postbackEventId(checkout.providerReference, 'refund', '1.00');
    await eventually(
      async () => {
        const listed = record(await readState(h, checkout.checkoutId)).refunds;
        const inCheckout = Array.isArray(listed) && listed.some((r) => record(r).eventId === lateId);
        const recorded = (await h.store.listInboundEvents()).some((row) => row.eventId === lateId);
        return inCheckout || recorded ? true : undefined;
      },
      30_000,
      'the late refund to be delivered as before',
    );
    expect((await paymentState(payment)).refunded).toBe('49.95');
  });

  it('without a payment workflow (checkout not completed), a refund reaches the checkout as before', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    expect((await post(refundPostback(checkout, '5.00'))).status).toBe(200);
    const refunds = await eventually(async () => {
      const listed = record(await readState(h, checkout.checkoutId)).refunds;
      return Array.isArray(listed) && listed.length > 0 ? listed : undefined;
    });
    expect(record(refunds[0])).toMatchObject({
      eventId: postbackEventId(checkout.providerReference, 'refund', '5.00'),
      amount: '5.00',
    });
  });

  it("a signed refund naming another provider's checkout never moves that checkout's payment", async () => {
    const affirm = await openCheckout(h, 'affirm');
    const payment = await paymentFor(h, standIn, paymentInput(affirm, 'affirm'));
    const forged = wgfPostback({
      request_token: 'inv_not_this_one',
      merchant_transaction_id: affirm.checkoutId,
      updates: { status: 'refund', amount: '10.00' },
    });
    expect((await post(forged)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const state = await paymentState(payment);
    expect(state.refunded).toBe('0.00');
    expect(state.refunds).toEqual([]);
  });

  it('answers 503 until Temporal accepted the signal to the payment, then counts the refund once', async () => {
    const { checkout, payment } = await completedWgfCheckout();
    // A second gateway on the same Temporal whose client fails its first two
    // providerRefund signals as an unreachable frontend does; every other call goes through.
    let refusals = 2;
    const failFirstRefundSignals: WorkflowClientInterceptor = {
      async signal(input, next) {
        if (input.signalName === providerRefundSignal.name && refusals > 0) {
          refusals -= 1;
          throw new ServiceError('injected: the signal did not reach Temporal');
        }
        return next(input);
      },
    };
    const client = new Client({
      connection: h.client.connection,
      interceptors: { workflow: [failFirstRefundSignals] },
    });
    const server = createServer();
    const url = await listenEphemeral(server);
    server.on(
      'request',
      createApp({
        client,
        config: { apiKeys: [API_KEY], publicBaseUrl: url, webhookBodyLimitBytes: WEBHOOK_BODY_LIMIT },
        providers: h.providers,
        logger: captureLogger([]),
        metrics: createMetrics({ collectDefaults: false }),
        taskQueue: h.taskQueue,
      }),
    );
    try {
      const deliver = () =>
        send(`${url}/webhooks/wegetfinancing`, { method: 'POST', ...refundPostback(checkout, '7.00') });
      const first = await deliver();
      expect(first.status).toBe(503);
      expect(record(record(first.json).error).code).toBe('temporal_unavailable');
      expect((await deliver()).status).toBe(503);
      expect((await paymentState(payment)).refunds).toEqual([]);
      expect((await deliver()).status).toBe(200);
      expect((await deliver()).status).toBe(200);
      const state = await waitForPayment(payment, (s) => s.refunds.length > 0, 'the refund to be counted');
      expect(state.refunded).toBe('7.00');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await paymentState(payment)).refunds).toHaveLength(1);
    } finally {
      await closeServer(server);
    }
  });
});
