// The providers whose customer returns through the gateway: Affirm (confirmation
// redirect + Basic-authenticated webhooks) and WiPay (hashed response_url redirect).
// After Temporal has the event, the browser is sent on to the merchant's own pages.
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { record, send } from './support/http';
import { affirmTimestamp, affirmWebhook, wipayQuery } from './support/inbound';
import { SECRETS } from './support/sandboxes';
import { expectUntouched, openCheckout, waitForStatus } from './support/checkouts';

jest.setTimeout(120_000);

const RETURN_URL = 'https://shop.example/thanks';
const CANCEL_URL = 'https://shop.example/cancelled';

describe('Affirm and WiPay receivers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('Affirm', () => {
    it('confirmation redirect → authorize → completed; the browser goes to returnUrl', async () => {
      const checkout = await openCheckout(h, 'affirm');
      expect(h.sandboxes.affirm.checkouts.get(checkout.providerReference)?.confirmationUrl).toContain(
        `${h.url}/webhooks/affirm/confirm`,
      );
      const approved = await h.sandboxes.control(
        'affirm',
        `/sessions/${checkout.providerReference}/approve`,
        {
          followRedirect: true,
        },
      );
      expect(record(record(approved.body).redirect)).toEqual({ status: 302, location: RETURN_URL });
      const state = await waitForStatus(h, checkout.checkoutId, 'completed');
      expect(record(state.order).providerTransactionId).toEqual(expect.any(String));
      expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
      // The status-visibility webhooks (sent, approved, confirmed) came in with Basic credentials.
      const answers = h.sandboxes.affirm.deliverer.attempts.filter((a) => a.url.includes('/webhooks/affirm'));
      expect(answers.length).toBeGreaterThanOrEqual(3);
      expect(answers.every((attempt) => attempt.status === 200)).toBe(true);
    });

    it('accepts the confirmation as a form POST too', async () => {
      const checkout = await openCheckout(h, 'affirm');
      // The customer confirms at Affirm; this browser posts the token back instead of a GET.
      await h.sandboxes.control('affirm', `/sessions/${checkout.providerReference}/approve`);
      const boundUrl = h.sandboxes.affirm.checkouts.get(checkout.providerReference)?.confirmationUrl ?? '';
      const answer = await send(boundUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ checkout_token: checkout.providerReference }).toString(),
      });
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(RETURN_URL);
      await waitForStatus(h, checkout.checkoutId, 'completed');
    });

    it('answers 401 to a confirmation whose URL is not bound to the checkout; nothing signalled or recorded', async () => {
      const checkout = await openCheckout(h, 'affirm');
      const other = await openCheckout(h, 'affirm');
      const token = `FORGED${checkout.checkoutId.replace(/[^A-Za-z0-9]/g, '')}`;
      // A bare GET naming the checkout, and another checkout's valid binding with our id swapped in.
      const bare = `${h.url}/webhooks/affirm/confirm?checkout_id=${checkout.checkoutId}&checkout_token=${token}`;
      const swapped = new URL(
        h.sandboxes.affirm.checkouts.get(other.providerReference)?.confirmationUrl ?? '',
      );
      swapped.searchParams.set('checkout_id', checkout.checkoutId);
      swapped.searchParams.set('checkout_token', token);
      for (const url of [bare, swapped.toString()]) {
        const answer = await send(url);
        expect(answer.status).toBe(401);
        expect(answer.headers.get('location')).toBeNull();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expectUntouched(h, checkout.checkoutId);
      const records = await h.store.listInboundEvents();
      expect(records.filter((r) => r.providerReference === token)).toEqual([]);
    });

    it('a verified not_approved webhook cancels the checkout (declined)', async () => {
      const checkout = await openCheckout(h, 'affirm');
      const declined = await h.sandboxes.control('affirm', `/sessions/${checkout.providerReference}/decline`);
      expect(declined.status).toBe(200);
      const state = await waitForStatus(h, checkout.checkoutId, 'cancelled');
      expect(state.reason).toBe('declined');
      expect((await h.store.getCheckout(checkout.checkoutId))?.status).toBe('cancelled');
    });

    it.each([
      ['wrong Basic credentials', { user: SECRETS.affirmWebhook.user, password: 'wrong' }],
      ['no credentials at all', null],
    ])('answers 401 to a webhook with %s and changes nothing', async (_what, credentials) => {
      const checkout = await openCheckout(h, 'affirm');
      const forged = affirmWebhook(
        {
          checkout_token: checkout.providerReference,
          event: 'not_approved',
          event_timestamp: affirmTimestamp(),
          created: affirmTimestamp(),
          order_id: checkout.checkoutId,
        },
        credentials,
      );
      const answer = await send(`${h.url}/webhooks/affirm`, { method: 'POST', ...forged });
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(SECRETS.affirmWebhook.password);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expectUntouched(h, checkout.checkoutId);
    });

    it('answers 400 to a malformed webhook and 415 to JSON', async () => {
      const malformed = affirmWebhook({ event: 'approved' });
      expect((await send(`${h.url}/webhooks/affirm`, { method: 'POST', ...malformed })).status).toBe(400);
      const asJson = await send(`${h.url}/webhooks/affirm`, {
        method: 'POST',
        headers: { ...malformed.headers, 'content-type': 'application/json' },
        body: '{"event":"approved"}',
      });
      expect(asJson.status).toBe(415);
    });
  });

  describe('WiPay', () => {
    const browserReturn = async (checkoutId: string, action: 'approve' | 'decline') => {
      const checkout = { checkoutId };
      const session = [...h.sandboxes.wipay.sessions.values()].find((s) => s.orderId === checkout.checkoutId);
      if (!session) throw new Error('no WiPay session for this checkout');
      const result = record(
        (await h.sandboxes.control('wipay', `/sessions/${session.transactionId}/${action}`)).body,
      );
      // The result URL the browser is sent to (without following it: the test is the browser).
      return { url: String(result.responseUrl), session };
    };

    it('a verified success redirect completes the checkout and sends the browser to returnUrl', async () => {
      const checkout = await openCheckout(h, 'wipay');
      const { url } = await browserReturn(checkout.checkoutId, 'approve');
      expect(url.startsWith(`${h.url}/webhooks/wipay?`)).toBe(true);
      const answer = await send(url);
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(RETURN_URL);
      await waitForStatus(h, checkout.checkoutId, 'completed');
      // The customer refreshes the page four more times: the same event each time (recorded
      // once as late if the checkout has closed meanwhile), still one order, same page.
      for (let i = 0; i < 4; i++) {
        const again = await send(url);
        expect([again.status, again.headers.get('location')]).toEqual([302, RETURN_URL]);
      }
      expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
      const late = (await h.store.listInboundEvents()).filter(
        (e) => e.providerReference === checkout.providerReference,
      );
      expect(late.length).toBeLessThanOrEqual(1);
    });

    it('a verified failure sends the browser to cancelUrl', async () => {
      const checkout = await openCheckout(h, 'wipay');
      const { url } = await browserReturn(checkout.checkoutId, 'decline');
      const answer = await send(url);
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(CANCEL_URL);
      await waitForStatus(h, checkout.checkoutId, 'cancelled');
    });

    it('answers 401 to a wrong or missing hash and changes nothing', async () => {
      const checkout = await openCheckout(h, 'wipay');
      const fields = {
        status: 'success',
        transaction_id: checkout.providerReference,
        order_id: checkout.checkoutId,
        total: '49.95',
      };
      const wrongKey = await send(`${h.url}/webhooks/wipay?${wipayQuery(fields, 'not-the-api-key')}`);
      expect(wrongKey.status).toBe(401);
      const tamperedTotal = wipayQuery(fields).replace('total=49.95', 'total=0.01');
      expect((await send(`${h.url}/webhooks/wipay?${tamperedTotal}`)).status).toBe(401);
      expect((await send(`${h.url}/webhooks/wipay?${new URLSearchParams(fields).toString()}`)).status).toBe(
        401,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expectUntouched(h, checkout.checkoutId);
    });

    it('answers 400 to a verified redirect without a status', async () => {
      const query = wipayQuery({ transaction_id: 'T-unknown', total: '10.00' });
      expect((await send(`${h.url}/webhooks/wipay?${query}`)).status).toBe(400);
    });
  });
});
