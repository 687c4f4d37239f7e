// The providers with a status API: iwocaPay and Ecomtrade24. A verified webhook is
// applied; one that is unsigned or fails its signature is never applied, it only makes
// the checkout poll the provider now (202 when unsigned, 401 when the signature is wrong).
import { createHmac } from 'node:crypto';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { api, checkoutBody, eventually, record, send } from './support/http';
import { iwocapayWebhook } from './support/inbound';
import { SECRETS } from './support/sandboxes';
import { expectUntouched, openCheckout, readState, waitForStatus } from './support/checkouts';

jest.setTimeout(120_000);

function ecomtrade24Webhook(
  body: Record<string, unknown>,
  secret: string | null = SECRETS.ecomtrade24.webhookSecret,
) {
  const raw = JSON.stringify({ event: 'payment.session', ...body });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null)
    headers['x-signature'] = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  return { headers, body: raw };
}

const waitForPoll = (h: Harness, checkoutId: string) =>
  eventually(
    async () => (Number((await readState(h, checkoutId)).polls) >= 1 ? true : undefined),
    30_000,
    'a poll',
  );

describe('iwocaPay and Ecomtrade24 receivers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('iwocaPay', () => {
    const receiver = () => `${h.url}/webhooks/iwocapay`;

    it('a signed SUCCESSFUL webhook completes the checkout', async () => {
      const checkout = await openCheckout(h, 'iwocapay');
      expect(
        (await h.sandboxes.control('iwocapay', `/sessions/${checkout.providerReference}/approve`)).status,
      ).toBe(200);
      await waitForStatus(h, checkout.checkoutId, 'completed');
      expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
      const attempts = h.sandboxes.iwocapay.deliverer.attempts.filter((a) => a.url === receiver());
      expect(attempts.at(-1)?.status).toBe(200);
    });

    it('a forged SUCCESSFUL (bad signature) is 401, applies nothing, and triggers a poll that finds CREATED', async () => {
      const checkout = await openCheckout(h, 'iwocapay');
      const forged = iwocapayWebhook(
        {
          order_id: checkout.providerReference,
          reference: checkout.checkoutId,
          status: 'SUCCESSFUL',
          amount: 120,
        },
        'not-the-access-token',
      );
      const answer = await send(receiver(), { method: 'POST', ...forged });
      expect(answer.status).toBe(401);
      await waitForPoll(h, checkout.checkoutId);
      await expectUntouched(h, checkout.checkoutId, { polled: true });
    });

    it('an unsigned (older shape) notice is 202 and the poll it triggers completes the checkout', async () => {
      const checkout = await openCheckout(h, 'iwocapay');
      await h.sandboxes.control('iwocapay', `/sessions/${checkout.providerReference}/approve`, {
        shape: 'legacy',
      });
      await waitForStatus(h, checkout.checkoutId, 'completed');
      const attempts = h.sandboxes.iwocapay.deliverer.attempts.filter((a) => a.url === receiver());
      expect(attempts.at(-1)?.status).toBe(202);
      expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
    });

    it('answers 400 to a signed but malformed webhook', async () => {
      const malformed = iwocapayWebhook({ reference: 'x-a1' });
      expect((await send(receiver(), { method: 'POST', ...malformed })).status).toBe(400);
    });
  });

  describe('Ecomtrade24', () => {
    const receiver = () => `${h.url}/webhooks/ecomtrade24`;

    it('checks the smart-routing method against me.php: 422 when not offered', async () => {
      const refused = await api(
        h.url,
        'POST',
        '/checkouts',
        checkoutBody('ecomtrade24', { options: { method: 'bitcoin' } }),
      );
      expect(refused.status).toBe(422);
      const error = record(record(refused.json).error);
      expect(error.code).toBe('method_not_offered');
      expect(String(error.message)).toContain('bitcoin');
      const accepted = await openCheckout(h, 'ecomtrade24', { options: { method: 'card' } });
      expect(h.sandboxes.ecomtrade24.sessions.get(accepted.providerReference)?.method).toBe('card');
    });

    it('a signed paid webhook completes the checkout', async () => {
      const checkout = await openCheckout(h, 'ecomtrade24');
      expect(
        (await h.sandboxes.control('ecomtrade24', `/sessions/${checkout.providerReference}/approve`)).status,
      ).toBe(200);
      await waitForStatus(h, checkout.checkoutId, 'completed');
      expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);
    });

    it('a webhook signed with the wrong secret is 401, applies nothing, and triggers a poll', async () => {
      const checkout = await openCheckout(h, 'ecomtrade24');
      const forged = ecomtrade24Webhook(
        {
          session_id: checkout.providerReference,
          order_id: checkout.checkoutId,
          status: 'paid',
          amount: '49.95',
        },
        'guessed-secret',
      );
      expect((await send(receiver(), { method: 'POST', ...forged })).status).toBe(401);
      await waitForPoll(h, checkout.checkoutId);
      await expectUntouched(h, checkout.checkoutId, { polled: true });
    });

    it('an unsigned notice is 202 and the poll completes the checkout', async () => {
      const checkout = await openCheckout(h, 'ecomtrade24');
      await h.sandboxes.control('ecomtrade24', `/sessions/${checkout.providerReference}/approve`, {
        unsigned: true,
      });
      await waitForStatus(h, checkout.checkoutId, 'completed');
      const attempts = h.sandboxes.ecomtrade24.deliverer.attempts.filter((a) => a.url === receiver());
      expect(attempts.at(-1)?.status).toBe(202);
    });

    it('answers 400 to a signed non-JSON body and 413 over the limit', async () => {
      const raw = 'not json';
      const signature = createHmac('sha256', SECRETS.ecomtrade24.webhookSecret).update(raw).digest('hex');
      const headers = { 'content-type': 'application/json', 'x-signature': signature };
      expect((await send(receiver(), { method: 'POST', headers, body: raw })).status).toBe(400);
      const huge = ecomtrade24Webhook({ session_id: 's', status: 'paid', padding: 'x'.repeat(70_000) });
      expect((await send(receiver(), { method: 'POST', ...huge })).status).toBe(413);
    });
  });
});
