// WeGetFinancing postbacks through the real gateway: verified ones reach the workflow
// (and the order table), forged ones change nothing, and every error code of the
// receivers shows up here: 400, 401, 413, 415; plus duplicates, unknown and closed checkouts.
import type { Harness } from './support/harness';
import { WEBHOOK_BODY_LIMIT, startHarness } from './support/harness';
import { record, send } from './support/http';
import { scrapeMetrics } from './support/metrics';
import { nowSeconds, wgfPostback } from './support/inbound';
import {
  eventsSeen,
  expectUntouched,
  openCheckout,
  waitForClosed,
  waitForInboundEvent,
  waitForStatus,
} from './support/checkouts';
import { eventually } from './support/http';

jest.setTimeout(120_000);

describe('POST /webhooks/wegetfinancing', () => {
  let h: Harness;
  let receiver: string;

  beforeAll(async () => {
    h = await startHarness();
    receiver = `${h.url}/webhooks/wegetfinancing`;
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (message: { headers: Record<string, string>; body: string }) =>
    send(receiver, { method: 'POST', ...message });

  it('a verified approval from the simulator completes the checkout: one order', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    const approve = await h.sandboxes.control(
      'wegetfinancing',
      `/sessions/${checkout.providerReference}/approve`,
    );
    expect(approve.status).toBe(200);
    const state = await waitForStatus(h, checkout.checkoutId, 'completed');
    expect(record(state.order).orderId).toEqual(expect.any(String));
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
    expect((await h.store.getCheckout(checkout.checkoutId))?.status).toBe('completed');
  });

  it('finds the checkout by request_token when the postback names no merchant_transaction_id', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    // The provider's own rejected example leaves merchant_transaction_id out.
    const answer = await post(
      wgfPostback({ request_token: checkout.providerReference, updates: { status: 'rejected' } }),
    );
    expect(answer.status).toBe(200);
    const state = await waitForStatus(h, checkout.checkoutId, 'cancelled');
    expect(state.reason).toBe('declined');
    expect((await h.store.getCheckout(checkout.checkoutId))?.status).toBe('cancelled');
  });

  it.each([
    ['a tampered body', 'tampered'],
    ['a wrong secret', 'wrongSecret'],
    ['a missing signature header', 'missingHeader'],
    ['a stale timestamp', 'stale'],
  ])('answers 401 to %s and changes nothing', async (_what, forgery) => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    const payload = {
      request_token: checkout.providerReference,
      merchant_transaction_id: checkout.checkoutId,
      updates: { status: 'approved' },
    };
    let message = wgfPostback(payload);
    if (forgery === 'tampered') message = { ...message, body: message.body.replace('approved', 'approved ') };
    if (forgery === 'wrongSecret') message = wgfPostback(payload, { password: 'not-the-password' });
    if (forgery === 'missingHeader') {
      const { 'x-signature': _dropped, ...headers } = message.headers;
      message = { ...message, headers };
    }
    if (forgery === 'stale') message = wgfPostback(payload, { timestamp: nowSeconds(-3600) });

    const answer = await post(message);
    expect(answer.status).toBe(401);
    expect(record(record(answer.json).error).code).toBe('verification_failed');
    expect(answer.text).not.toContain('mismatch'); // the adapter's detail stays in the log
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectUntouched(h, checkout.checkoutId);
  });

  it('answers 400 to a verified but malformed postback, 415 to a wrong content type, 413 over the limit', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    const malformed = wgfPostback({ request_token: checkout.providerReference });
    expect((await post(malformed)).status).toBe(400);

    const good = wgfPostback({ request_token: checkout.providerReference, updates: { status: 'approved' } });
    const textPlain = await post({ ...good, headers: { ...good.headers, 'content-type': 'text/plain' } });
    expect(textPlain.status).toBe(415);
    expect(record(record(textPlain.json).error).code).toBe('unsupported_media_type');

    const huge = wgfPostback({
      request_token: checkout.providerReference,
      updates: { status: 'approved' },
      padding: 'x'.repeat(WEBHOOK_BODY_LIMIT),
    });
    const tooLarge = await post(huge);
    expect(tooLarge.status).toBe(413);
    expect(record(record(tooLarge.json).error).code).toBe('payload_too_large');
    await expectUntouched(h, checkout.checkoutId);
  });

  it('turns five deliveries of one approval into one order', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    await h.sandboxes.control('wegetfinancing', `/sessions/${checkout.providerReference}/approve`, {
      delivery: { copies: 5 },
    });
    await waitForStatus(h, checkout.checkoutId, 'completed');
    await h.sandboxes.wgf.deliverer.idle();
    const events = await eventually(async () => {
      const seen = await eventsSeen(h, checkout.checkoutId);
      return Number(seen.received) + Number(seen.afterDecision) >= 5 ? seen : undefined;
    });
    expect(Number(events.duplicates) + Number(events.afterDecision)).toBeGreaterThanOrEqual(4);
    const attempts = h.sandboxes.wgf.deliverer.attempts.filter((attempt) => attempt.url === receiver);
    expect(attempts.slice(-5).map((attempt) => attempt.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
    expect(await h.store.listOrdersForMerchantOrder(checkout.orderId)).toHaveLength(1);
  });

  it('records an event for an unknown checkout and answers 200', async () => {
    const answer = await post(
      wgfPostback({
        request_token: 'inv_never_issued',
        merchant_transaction_id: 'ghost-order-a1',
        updates: { status: 'approved' },
      }),
    );
    expect(answer.status).toBe(200);
    const row = await waitForInboundEvent(h, (event) => event.providerReference === 'inv_never_issued');
    expect(row).toMatchObject({ reason: 'unknownCheckout', checkoutReference: 'ghost-order-a1' });
  });

  it('records an event for a closed checkout and answers 200', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    await h.sandboxes.control('wegetfinancing', `/sessions/${checkout.providerReference}/approve`);
    await waitForStatus(h, checkout.checkoutId, 'completed');
    await waitForClosed(h, checkout.checkoutId);
    // A late status for the closed checkout (a refund would go to its payment workflow).
    const late = wgfPostback({
      request_token: checkout.providerReference,
      merchant_transaction_id: checkout.checkoutId,
      updates: { status: 'rejected' },
    });
    expect((await post(late)).status).toBe(200);
    const row = await waitForInboundEvent(
      h,
      (event) => event.providerReference === checkout.providerReference,
    );
    expect(row).toMatchObject({ reason: 'closedCheckout', checkoutReference: checkout.checkoutId });
    // A redelivery of the same postback is the same event: still one row.
    expect((await post(late)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = (await h.store.listInboundEvents()).filter(
      (event) => event.providerReference === checkout.providerReference,
    );
    expect(rows).toHaveLength(1);
  });

  it('counts verification failures for the provider in /metrics', async () => {
    const metrics = await scrapeMetrics(h.metrics);
    expect(metrics.text).toMatch(
      /checkout_gateway_webhook_verification_failures_total\{provider="wegetfinancing"\} 4/,
    );
    expect(metrics.text).toMatch(
      /checkout_gateway_inbound_events_total\{provider="wegetfinancing",outcome="recorded"\} [1-9]/,
    );
    expect(metrics.text).toMatch(
      /checkout_gateway_http_requests_total\{method="POST",route="\/webhooks\/wegetfinancing",status="401"\} 4/,
    );
  });
});
