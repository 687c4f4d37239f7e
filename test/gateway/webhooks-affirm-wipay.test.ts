// The providers whose customer returns through the gateway: Affirm (confirmation
// redirect + Basic-authenticated webhooks) and WiPay (hashed response_url redirect).
// After Temporal has the event, the browser is sent on to the merchant's own pages.
// WiPay runs with fee_structure customer_pay here: the redirect's total includes the fee
// while WiPay's hash covers the requested total.
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { record, send } from './support/http';
import { affirmTimestamp, affirmWebhook, wipayQuery } from './support/inbound';
import { SECRETS } from './support/sandboxes';
import { wipayResultHash } from '../../src/providers/wipay';
import { expectUntouched, openCheckout, waitForStatus } from './support/checkouts';

jest.setTimeout(120_000);

const RETURN_URL = 'https://shop.example/thanks';
const CANCEL_URL = 'https://shop.example/cancelled';

describe('Affirm and WiPay receivers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ providerEnv: { WIPAY_FEE_STRUCTURE: 'customer_pay' } });
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
    const browserReturn = async (checkoutId: string, action: 'approve' | 'decline' | 'error') => {
      const session = [...h.sandboxes.wipay.sessions.values()].find((s) => s.orderId === checkoutId);
      if (!session) throw new Error('no WiPay session for this checkout');
      const result = record(
        (await h.sandboxes.control('wipay', `/sessions/${session.transactionId}/${action}`)).body,
      );
      // The result URL the browser is sent to (without following it: the test is the browser).
      return { url: new URL(String(result.responseUrl)), session };
    };
    const bound = (checkout: { checkoutId: string }) => ({
      checkoutId: checkout.checkoutId,
      amount: '49.95',
    });
    const noRecordFor = async (providerReference: string) =>
      (await h.store.listInboundEvents()).filter((e) => e.providerReference === providerReference);

    it('customer_pay: the redirect shows 49.95 + fee, the hash covers 49.95, the checkout completes', async () => {
      const checkout = await openCheckout(h, 'wipay');
      const { url } = await browserReturn(checkout.checkoutId, 'approve');
      expect(url.href.startsWith(`${h.url}/webhooks/wipay?`)).toBe(true);
      // TT: 3.50 % of 49.95 (1.75) + TTD 1.70; WiPay's own total, not what we asked for.
      expect(url.searchParams.get('total')).toBe('53.40');
      expect(url.searchParams.get('requested_total')).toBe('49.95');
      const answer = await send(url.href);
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(RETURN_URL);
      await waitForStatus(h, checkout.checkoutId, 'completed');
      expect((await h.store.getOrderByCheckout(checkout.checkoutId))?.amount).toBe('49.95');
      // The customer refreshes the page four more times: the same event each time (recorded
      // once as late if the checkout has closed meanwhile), still one order, same page.
      for (let i = 0; i < 4; i++) {
        const again = await send(url.href);
        expect([again.status, again.headers.get('location')]).toEqual([302, RETURN_URL]);
      }
      expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
      expect((await noRecordFor(checkout.providerReference)).length).toBeLessThanOrEqual(1);
    });

    it.each(['decline', 'error'] as const)(
      '%s: the redirect without a hash sends the browser to cancelUrl and changes nothing',
      async (action) => {
        const checkout = await openCheckout(h, 'wipay');
        const { url } = await browserReturn(checkout.checkoutId, action);
        expect(url.searchParams.has('hash')).toBe(false);
        const answer = await send(url.href);
        expect([answer.status, answer.headers.get('location')]).toEqual([302, CANCEL_URL]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await expectUntouched(h, checkout.checkoutId);
        expect(await noRecordFor(checkout.providerReference)).toEqual([]);
      },
    );

    it('a failure carrying a valid hash (status is not covered by it) applies nothing either', async () => {
      const checkout = await openCheckout(h, 'wipay');
      const fields = { status: 'failed', transaction_id: checkout.providerReference, total: '53.40' };
      const answer = await send(`${h.url}/webhooks/wipay?${wipayQuery(fields, { bound: bound(checkout) })}`);
      expect([answer.status, answer.headers.get('location')]).toEqual([302, CANCEL_URL]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expectUntouched(h, checkout.checkoutId);
    });

    it('answers 401 to a tampered binding or an unbound return, and changes nothing', async () => {
      const checkout = await openCheckout(h, 'wipay');
      const { url } = await browserReturn(checkout.checkoutId, 'approve');
      const tampered = new URL(url.href);
      tampered.searchParams.set('requested_total', '0.01');
      expect((await send(tampered.href)).status).toBe(401);
      const otherCheckout = new URL(url.href);
      otherCheckout.searchParams.set('checkout_id', 'someone-else-a1');
      expect((await send(otherCheckout.href)).status).toBe(401);
      const unbound = new URL(url.href);
      for (const name of ['checkout_id', 'requested_total', 'callback_sig'])
        unbound.searchParams.delete(name);
      expect((await send(unbound.href)).status).toBe(401);
      // Unbound, even a failure is refused: without the binding there is no checkout to speak for.
      const unboundFailure = wipayQuery(
        { status: 'failed', transaction_id: checkout.providerReference },
        { hash: false },
      );
      expect((await send(`${h.url}/webhooks/wipay?${unboundFailure}`)).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expectUntouched(h, checkout.checkoutId);
      expect(await noRecordFor(checkout.providerReference)).toEqual([]);
    });

    it('answers 401 to a bound success with a wrong or missing hash and changes nothing', async () => {
      const checkout = await openCheckout(h, 'wipay');
      const fields = {
        status: 'success',
        transaction_id: checkout.providerReference,
        order_id: checkout.checkoutId,
        total: '53.40',
      };
      const wrongKey = wipayQuery(fields, { bound: bound(checkout), apiKey: 'not-the-api-key' });
      expect((await send(`${h.url}/webhooks/wipay?${wrongKey}`)).status).toBe(401);
      // A hash over the redirect's own total is not WiPay's hash.
      const ownTotalHash = wipayResultHash(checkout.providerReference, '53.40', SECRETS.wipay.apiKey);
      const overOwnTotal = wipayQuery(
        { ...fields, hash: ownTotalHash },
        { bound: bound(checkout), hash: false },
      );
      expect((await send(`${h.url}/webhooks/wipay?${overOwnTotal}`)).status).toBe(401);
      const noHash = wipayQuery(fields, { bound: bound(checkout), hash: false });
      expect((await send(`${h.url}/webhooks/wipay?${noHash}`)).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expectUntouched(h, checkout.checkoutId);
    });

    it('answers 400 to a bound redirect without a status', async () => {
      const query = wipayQuery(
        { transaction_id: 'T-unknown' },
        { bound: { checkoutId: 'ord-x-a1', amount: '10.00' } },
      );
      expect((await send(`${h.url}/webhooks/wipay?${query}`)).status).toBe(400);
    });
  });
});
