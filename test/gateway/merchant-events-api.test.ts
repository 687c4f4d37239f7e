// GET /events and POST /events/:id/redeliver on the dev server with the real gateway,
// worker and iwocaPay simulator: checkouts decided through the API send signed events
// to a real receiver (verifying with `standardwebhooks`); the merchant lists them with
// every attempt, filters and pages through them, and asks for one again by id.
import { merchantEventId } from '../../src/merchant-events/envelope';
import type { Merchant } from '../merchant-events/support/merchant';
import { MERCHANT_SECRET, startMerchant } from '../merchant-events/support/merchant';
import { openCheckout, waitForStatus } from './support/checkouts';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import type { Answer } from './support/http';
import { api, eventually, record } from './support/http';

jest.setTimeout(120_000);

let h: Harness;
let merchant: Merchant;
const ids: { completed: string; cancelled: string; other: string } = {
  completed: '',
  cancelled: '',
  other: '',
};
const checkouts: { completed: string; cancelled: string; other: string } = {
  completed: '',
  cancelled: '',
  other: '',
};

async function decided(action: 'approve' | 'decline', status: string): Promise<string> {
  const checkout = await openCheckout(h, 'iwocapay');
  await h.sandboxes.control('iwocapay', `/sessions/${checkout.providerReference}/${action}`);
  await waitForStatus(h, checkout.checkoutId, status);
  return checkout.checkoutId;
}

const delivered = (eventId: string) =>
  eventually(
    async () => ((await h.store.getMerchantEvent(eventId))?.status === 'delivered' ? true : undefined),
    30_000,
    `${eventId} to be delivered`,
  );

beforeAll(async () => {
  merchant = await startMerchant();
  h = await startHarness({
    merchantWebhook: {
      url: merchant.url,
      secret: MERCHANT_SECRET,
      schedule: { firstRetryMs: 200, maxRetryMs: 1_000 },
    },
  });
  // The first checkout.completed (the first checkout's) is refused once: its list shows two attempts.
  let refusedOnce = false;
  merchant.receiver.answer = (delivery) => {
    if (delivery.type !== 'checkout.completed' || refusedOnce) return 200;
    refusedOnce = true;
    return 503;
  };
  checkouts.completed = await decided('approve', 'completed');
  ids.completed = merchantEventId(checkouts.completed, 'checkout.completed', 'completed');
  checkouts.cancelled = await decided('decline', 'cancelled');
  ids.cancelled = merchantEventId(checkouts.cancelled, 'checkout.cancelled', 'cancelled');
  checkouts.other = await decided('approve', 'completed');
  ids.other = merchantEventId(checkouts.other, 'checkout.completed', 'completed');
  for (const id of Object.values(ids)) await delivered(id);
}, 180_000);
afterAll(async () => {
  await h?.close();
  await merchant?.close();
});

const eventsOf = (answer: Answer) => (record(answer.json).events as Record<string, unknown>[]) ?? [];
const errorCode = (answer: Answer) => record(record(answer.json).error).code;

describe('GET /events', () => {
  it('lists the events newest first, each with its attempts and the payload that was signed', async () => {
    const answer = await api(h.url, 'GET', '/events');
    expect(answer.status).toBe(200);
    const events = eventsOf(answer);
    expect(events.map((e) => e.id)).toEqual([ids.other, ids.cancelled, ids.completed]);
    const completed = events[2]!;
    expect(completed).toMatchObject({
      type: 'checkout.completed',
      checkoutId: checkouts.completed,
      sequence: 1,
      status: 'delivered',
      attemptCount: 2,
      attempts: [
        { attempt: 1, statusCode: 503, errorClass: 'httpStatus' },
        { attempt: 2, statusCode: 200, errorClass: null },
      ],
    });
    // What the list shows is what the merchant verified and received.
    const received = merchant.receiver.events().find((e) => e.id === ids.completed);
    expect(completed.payload).toEqual(received);
    expect(record(answer.json).nextCursor).toBeNull();
    // Neither the answer nor the gateway's logs carry the signing secret.
    expect(answer.text).not.toContain(MERCHANT_SECRET.slice('whsec_'.length));
    expect(h.logs.join('')).not.toContain(MERCHANT_SECRET.slice('whsec_'.length));
  });

  it('filters by checkout and by type', async () => {
    const byCheckout = await api(h.url, 'GET', `/events?checkoutId=${checkouts.cancelled}`);
    expect(eventsOf(byCheckout).map((e) => e.id)).toEqual([ids.cancelled]);
    const byType = await api(h.url, 'GET', '/events?type=checkout.completed');
    expect(eventsOf(byType).map((e) => e.id)).toEqual([ids.other, ids.completed]);
    const cancelled = eventsOf(await api(h.url, 'GET', '/events?type=checkout.cancelled'));
    expect(cancelled.map((e) => record(record(e.payload).data).reason)).toEqual(['declined']);
  });

  it('pages with the cursor it returns, every event once', async () => {
    const seen: unknown[] = [];
    let path = '/events?limit=1';
    for (let page = 0; page < 5; page++) {
      const answer = await api(h.url, 'GET', path);
      expect(answer.status).toBe(200);
      seen.push(...eventsOf(answer).map((e) => e.id));
      const cursor = record(answer.json).nextCursor;
      if (cursor === null) break;
      path = `/events?limit=1&cursor=${String(cursor)}`;
    }
    expect(seen).toEqual([ids.other, ids.cancelled, ids.completed]);
  });

  it('refuses a request without the API key, a forged cursor, an unknown type or parameter', async () => {
    expect((await api(h.url, 'GET', '/events', undefined, null)).status).toBe(401);
    for (const query of ['cursor=bm90LWEtY3Vyc29y', 'type=checkout.paid', 'limit=0', 'sort=asc']) {
      const answer = await api(h.url, 'GET', `/events?${query}`);
      expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_request']);
    }
  });
});

describe('POST /events/:id/redeliver', () => {
  it('sends the event again with the same id and body, and lists the new attempt', async () => {
    const before = merchant.deliveriesOf(ids.cancelled);
    const answer = await api(h.url, 'POST', `/events/${ids.cancelled}/redeliver`);
    expect(answer.status).toBe(202);
    const again = await eventually(
      async () => {
        const now = merchant.deliveriesOf(ids.cancelled);
        return now.length > before.length ? now : undefined;
      },
      30_000,
      'the redelivery',
    );
    expect(again.map((d) => [d.verified, d.status])).toEqual([
      [true, 200],
      [true, 200],
    ]);
    expect(again[1]!.event).toEqual(again[0]!.event);
    const stored = await eventually(
      async () => {
        const event = await h.store.getMerchantEvent(ids.cancelled);
        return event?.attemptCount === 2 ? event : undefined;
      },
      30_000,
      'the second attempt to be recorded',
    );
    expect(stored).toMatchObject({ status: 'delivered', seq: 1 });
    expect(merchant.receiver.events().filter((e) => e.id === ids.cancelled)).toHaveLength(1);
  });

  it('answers 404 for an event it never sent, and 401 without the key', async () => {
    const unknown = await api(h.url, 'POST', `/events/evt_${'0'.repeat(32)}/redeliver`);
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'event_not_found']);
    expect((await api(h.url, 'POST', '/events/not-an-id/redeliver')).status).toBe(404);
    expect((await api(h.url, 'POST', `/events/${ids.cancelled}/redeliver`, undefined, null)).status).toBe(
      401,
    );
  });
});
