// What no one authenticated cannot exhaust a checkout: through the real gateway on the
// dev server, unsigned and badly signed notices reach only a running checkout of their
// own provider, within its budget; browser returns for unknown checkouts leave a bounded
// number of record workflows. Signals are counted in Temporal's own histories.
import { createHmac, randomUUID } from 'node:crypto';
import type { History } from '@temporalio/common/lib/proto-utils';
import { INBOUND_BUDGET_LIMITS } from '../../src/gateway/inbound/hint-budget';
import type { BucketLimits } from '../../src/gateway/inbound/hint-budget';
import { HINT_POLL_SPACING_MS } from '../../workflows/checkout-run';
import { checkoutWorkflowId, pollNowSignal } from '../../workflows/contract';
import { historiesOf } from '../workflows/support/history';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { eventually, send } from './support/http';
import { affirmConfirmationQuery, iwocapayWebhook } from './support/inbound';
import { SECRETS } from './support/sandboxes';
import { openCheckout, readState, waitForStatus } from './support/checkouts';

jest.setTimeout(120_000);

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function signalsNamed(history: History, name: string): number {
  return (history.events ?? []).filter(
    (event) => event.workflowExecutionSignaledEventAttributes?.signalName === name,
  ).length;
}

/** pollNow signals that reached Temporal, over every run of the checkout. */
async function pollHintsReceived(checkoutId: string): Promise<number> {
  const runs = await historiesOf(h.client, checkoutWorkflowId(checkoutId));
  return runs.reduce((sum, run) => sum + signalsNamed(run.history, pollNowSignal.name), 0);
}

/** The most a bucket can let through in `elapsedMs` (README: receivers). */
function boundOver(limits: BucketLimits, elapsedMs: number): number {
  return limits.burst + Math.ceil(elapsedMs / limits.refillEveryMs);
}

async function inParallel(count: number, concurrency: number, one: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
}

function ecomtrade24Webhook(body: Record<string, unknown>, secret: string) {
  const raw = JSON.stringify({ event: 'payment.session', ...body });
  const signature = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  return { headers: { 'content-type': 'application/json', 'x-signature': signature }, body: raw };
}

const overBudget = async (input: string) => {
  const metric = await h.metrics.inboundOverBudget.get();
  return metric.values
    .filter((value) => value.labels.input === input)
    .reduce((sum, value) => sum + value.value, 0);
};

const signalsCounted = async (provider: string, signal: string) => {
  const metric = await h.metrics.signals.get();
  return metric.values
    .filter((value) => value.labels.provider === provider && value.labels.signal === signal)
    .reduce((sum, value) => sum + value.value, 0);
};

describe('the inbound budget', () => {
  it('2,000 unsigned notices at one checkout: a bounded number of signals, then its signed event completes it', async () => {
    const checkout = await openCheckout(h, 'iwocapay');
    const notice = iwocapayWebhook(
      { order_id: checkout.providerReference, reference: checkout.checkoutId, status: 'SUCCESSFUL' },
      null,
    );
    const refusedBefore = await overBudget('pollHint');
    const statuses = new Map<number, number>();
    const started = Date.now();
    await inParallel(2_000, 25, async () => {
      const answer = await send(`${h.url}/webhooks/iwocapay`, { method: 'POST', ...notice });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    });
    const elapsedMs = Date.now() - started;
    // Every notice is answered as before: unsigned, accepted, nothing applied.
    expect(Object.fromEntries(statuses)).toEqual({ 202: 2_000 });

    await h.sandboxes.control('iwocapay', `/sessions/${checkout.providerReference}/approve`);
    const state = await waitForStatus(h, checkout.checkoutId, 'completed');
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(1);

    const bound = boundOver(INBOUND_BUDGET_LIMITS.perCheckout, elapsedMs);
    const signalled = await pollHintsReceived(checkout.checkoutId);
    console.log(
      `2,000 unsigned notices in ${elapsedMs} ms: ${signalled} pollNow signals (bound ${bound}), ` +
        `${Number(state.polls)} status reads`,
    );
    expect(signalled).toBeGreaterThanOrEqual(1);
    expect(signalled).toBeLessThanOrEqual(bound);
    expect((await overBudget('pollHint')) - refusedBefore).toBeGreaterThanOrEqual(2_000 - bound);
    // The provider is not hammered either: hint-triggered reads are spaced in the workflow.
    expect(Number(state.polls)).toBeLessThanOrEqual(1 + Math.ceil(elapsedMs / HINT_POLL_SPACING_MS));
  });

  it("a notice naming another provider's checkout sends it no signal", async () => {
    const ecomtrade24 = await openCheckout(h, 'ecomtrade24');
    const iwocapay = await openCheckout(h, 'iwocapay');
    const wgf = await openCheckout(h, 'wegetfinancing');

    // An unsigned iwocaPay notice naming the Ecomtrade24 and WeGetFinancing checkouts.
    for (const target of [ecomtrade24, wgf]) {
      const unsigned = iwocapayWebhook(
        { order_id: target.providerReference, reference: target.checkoutId, status: 'SUCCESSFUL' },
        null,
      );
      expect((await send(`${h.url}/webhooks/iwocapay`, { method: 'POST', ...unsigned })).status).toBe(202);
    }
    // A badly signed Ecomtrade24 notice naming the iwocaPay checkout.
    const forged = ecomtrade24Webhook(
      { session_id: iwocapay.providerReference, order_id: iwocapay.checkoutId, status: 'paid' },
      'guessed-secret',
    );
    expect((await send(`${h.url}/webhooks/ecomtrade24`, { method: 'POST', ...forged })).status).toBe(401);

    // Each answer came after the gateway finished with Temporal: nothing can still be on its way.
    for (const target of [ecomtrade24, iwocapay, wgf]) {
      expect(await pollHintsReceived(target.checkoutId)).toBe(0);
      expect(await readState(h, target.checkoutId)).toMatchObject({ status: 'awaitingCustomer', polls: 0 });
    }

    // The receivers' own provider is still hinted.
    const own = ecomtrade24Webhook(
      { session_id: ecomtrade24.providerReference, order_id: ecomtrade24.checkoutId, status: 'paid' },
      'guessed-secret',
    );
    expect((await send(`${h.url}/webhooks/ecomtrade24`, { method: 'POST', ...own })).status).toBe(401);
    expect(await pollHintsReceived(ecomtrade24.checkoutId)).toBe(1);
    // …and counted as the signal it is (no other Ecomtrade24 checkout is hinted in this file).
    expect(await signalsCounted('ecomtrade24', 'pollNow')).toBe(1);
    expect(SECRETS.ecomtrade24.webhookSecret).not.toBe('guessed-secret');
  });

  it('notices naming made-up references cost a bounded number of quick visibility look-ups', async () => {
    const refusedBefore = await overBudget('lookup');
    const notices = 20;
    const started = Date.now();
    for (let i = 0; i < notices; i += 1) {
      const body = JSON.stringify({ event: 'payment.session', session_id: `made-up-${i}-${randomUUID()}` });
      const headers = { 'content-type': 'application/json' };
      expect((await send(`${h.url}/webhooks/ecomtrade24`, { method: 'POST', headers, body })).status).toBe(
        202,
      );
    }
    const elapsedMs = Date.now() - started;
    const bound = boundOver(INBOUND_BUDGET_LIMITS.lookupsPerProvider, elapsedMs);
    console.log(
      `${notices} unsigned notices with made-up references in ${elapsedMs} ms (look-up bound ${bound})`,
    );
    expect((await overBudget('lookup')) - refusedBefore).toBeGreaterThanOrEqual(notices - bound);
    // One visibility query each, no waiting for visibility to catch up: a retried look-up
    // would take 1.75 s per notice (35 s here).
    expect(elapsedMs).toBeLessThan(15_000);
  });

  it('forged Affirm returns for unknown checkouts start a bounded number of record workflows', async () => {
    // A return URL bound to a checkout Temporal no longer knows (its workflow is gone):
    // whoever holds it can make up tokens. Unbound returns never get this far (401).
    const unknownCheckout = `nobody-${randomUUID()}-a1`;
    const forgeries = 40;
    const started = Date.now();
    await inParallel(forgeries, 20, async (i) => {
      const answer = await send(
        `${h.url}/webhooks/affirm/confirm?${affirmConfirmationQuery(unknownCheckout, `forged-${i}-${randomUUID()}`)}`,
      );
      // No checkout to send the browser to: a plain acknowledgement, as before.
      expect(answer.status).toBe(200);
    });
    const elapsedMs = Date.now() - started;
    const countRecords = async () => {
      let count = 0;
      const query = `WorkflowType = "recordInboundEventWorkflow" AND WorkflowId STARTS_WITH "inbound-affirm-"`;
      for await (const _ of h.client.workflow.list({ query })) count += 1;
      return count;
    };
    // Every start was accepted before its answer; visibility shows them a moment later.
    let seen = -1;
    const records = await eventually(async () => {
      const now = await countRecords();
      const stable = now === seen && now > 0;
      seen = now;
      return stable ? now : undefined;
    }, 20_000);
    const bound = boundOver(INBOUND_BUDGET_LIMITS.unknownPerProvider, elapsedMs);
    console.log(`${forgeries} forged Affirm returns in ${elapsedMs} ms: ${records} records (bound ${bound})`);
    expect(records).toBeLessThanOrEqual(bound);
    expect(records).toBeLessThan(forgeries);
    expect(await overBudget('record')).toBe(forgeries - records);
  });
});
