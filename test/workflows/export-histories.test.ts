// Writes the replay fixtures in test/histories/ from real runs on the time-skipping
// server. Skipped unless UPDATE_HISTORIES=1: the committed files are the point, since
// replaying them against today's workflow code is what catches nondeterminism.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from './support/history-json';
import {
  checkoutIdFor,
  checkoutWorkflowId,
  inboundEventWorkflowId,
  merchantCancelOutcomeUpdate,
  merchantCancelSignal,
  resolveHoldSignal,
} from '../../workflows/contract';
import { providerEventSignal } from '../../workflows/contract';
import { SIGNALS_PER_RUN_LIMIT } from '../../workflows/checkout-run';
import { continueByHints } from './support/watch';
import { recordInboundEventWorkflow } from '../../workflows';
import type { ProviderEvent } from '../../workflows/domain';
import type { Harness } from './support/harness';
import { createHarness, uniqueOrderId, waitForState } from './support/harness';
import { historiesOf } from './support/history';
import {
  startAffirm,
  startEcomtrade24,
  startIwocaPay,
  startWeGetFinancing,
  startWipay,
} from './support/sandboxes';

export const HISTORIES_DIR = join(__dirname, '..', 'histories');
const describeWhenUpdating = process.env.UPDATE_HISTORIES === '1' ? describe : describe.skip;

let h: Harness;
/** The id the iwocaPay simulator gives its next order; undefined: a random UUID. */
let nextIwocaPayOrderId: string | undefined;

async function save(name: string, workflowId: string): Promise<void> {
  const runs = await historiesOf(h.env.client, workflowId);
  runs.forEach((run, index) => {
    const suffix = runs.length > 1 ? `.run${index + 1}` : '';
    writeFileSync(join(HISTORIES_DIR, `${name}${suffix}.json`), `${historyToJSON(run.history)}\n`);
  });
}

describeWhenUpdating('export replay histories', () => {
  beforeAll(async () => {
    h = await createHarness([
      startWeGetFinancing,
      (ctx) => startIwocaPay(ctx, { newOrderId: () => nextIwocaPayOrderId }),
      startAffirm,
      startWipay,
      startEcomtrade24,
    ]);
  }, 120_000);
  afterAll(() => h?.close());

  it('exports one history per interesting path', async () => {
    await h.withWorker(async (tq) => {
      const wgf = await h.start('wegetfinancing', tq);
      const wgfRef = wgf.session.providerReference;
      await h.sandbox('wegetfinancing').act(wgfRef, 'preapprove', { delivery: { copies: 2 } });
      await waitForState(wgf.handle, (s) => s.events.received === 2, 'preapproved twice');
      const unknown: ProviderEvent = {
        provider: 'wegetfinancing',
        providerReference: wgfRef,
        kind: 'unknown',
        rawStatus: 'on_hold',
        occurredAt: h.now().toISOString(),
        eventId: `wgf-${wgfRef}-on_hold`,
        source: 'webhook',
      };
      await wgf.handle.signal(providerEventSignal, unknown);
      await h.sandbox('wegetfinancing').act(wgfRef, 'approve');
      await h.decisionOf(wgf.handle);
      await save('wegetfinancing-approved', checkoutWorkflowId(wgf.checkoutId));

      const late: ProviderEvent = {
        ...unknown,
        kind: 'refund',
        rawStatus: 'refund',
        eventId: `wgf-${wgfRef}-refund`,
      };
      await h.env.client.workflow.execute(recordInboundEventWorkflow, {
        workflowId: inboundEventWorkflowId(late),
        taskQueue: tq,
        args: [{ event: late, reason: 'closedCheckout' }],
      });
      await save('inbound-event-recorded', inboundEventWorkflowId(late));

      await h.sandbox('wegetfinancing').control('faults', { operation: 'create', status: 400 });
      const failedOrderId = `wgf-failed-${process.pid}`;
      await h.start('wegetfinancing', tq, { merchantOrderId: failedOrderId }).catch(() => undefined);
      await h.env.client.workflow.getHandle(checkoutWorkflowId(`${failedOrderId}-a1`)).result();
      await save('wegetfinancing-session-failed', checkoutWorkflowId(`${failedOrderId}-a1`));

      const polled = await h.start('iwocapay', tq);
      await h.sandbox('iwocapay').act(polled.session.providerReference, 'start', { shape: 'legacy' });
      await waitForState(polled.handle, (s) => s.polls === 1, 'the hinted poll');
      await h
        .sandbox('iwocapay')
        .act(polled.session.providerReference, 'approve', { delivery: { drop: true } });
      await polled.handle.result();
      await save('iwocapay-poll-recovered', checkoutWorkflowId(polled.checkoutId));

      const paidFirst = await h.start('iwocapay', tq);
      await h
        .sandbox('iwocapay')
        .act(paidFirst.session.providerReference, 'approve', { delivery: { drop: true } });
      await paidFirst.handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() });
      await h.decisionOf(paidFirst.handle);
      await save('iwocapay-cancel-refused-customer-paid', checkoutWorkflowId(paidFirst.checkoutId));

      const affirm = await h.start('affirm', tq);
      await h.sandbox('affirm').act(affirm.session.providerReference, 'approve', { followRedirect: true });
      await h.decisionOf(affirm.handle);
      await save('affirm-authorized', checkoutWorkflowId(affirm.checkoutId));

      const refused = await h.start('affirm', tq);
      await h.sandbox('affirm').control('faults', { operation: 'authorize', status: 400 });
      await h.sandbox('affirm').act(refused.session.providerReference, 'approve', { followRedirect: true });
      await h.decisionOf(refused.handle);
      await save('affirm-authorization-refused', checkoutWorkflowId(refused.checkoutId));

      const wipay = await h.start('wipay', tq);
      const wipayRef = wipay.session.providerReference;
      await h.sandbox('wipay').act(wipayRef, 'approve', { followRedirect: true, delivery: { hold: true } });
      await h.sleep('10 minutes');
      await h.sandbox('wipay').control('redirects/release');
      await h.decisionOf(wipay.handle);
      await save('wipay-timed-out-then-paid', checkoutWorkflowId(wipay.checkoutId));

      const abandoned = await h.start('ecomtrade24', tq);
      await h.sandbox('ecomtrade24').act(abandoned.session.providerReference, 'abandon');
      await abandoned.handle.result();
      await save('ecomtrade24-expired-after-polling', checkoutWorkflowId(abandoned.checkoutId));

      // Shortened TTL: three runs of continue-as-new would make large fixtures for no more coverage.
      const long = await h.start('iwocapay', tq, { timing: { ttlMs: 30 * 60 * 60 * 1000 } });
      await long.handle.result();
      await save('iwocapay-continued-as-new', checkoutWorkflowId(long.checkoutId));
    });
  }, 180_000);

  // Every run since these paths exists claims recorded events when it opens; these add the
  // paths themselves (retry timer, checkout read, read before cancel, forward).
  it('exports the paths of confirmations that must not strand', async () => {
    await h.withWorker(async (tq) => {
      const affirm = h.sandbox('affirm');
      const retried = await h.start('affirm', tq);
      await affirm.control('faults', { operation: 'authorize', status: 500, times: 6 });
      await affirm.act(retried.session.providerReference, 'approve', { followRedirect: false });
      await waitForState(
        retried.handle,
        (s) => s.pendingAuthorization !== undefined,
        'the retry timer',
        30_000,
      );
      await retried.handle.result();
      await save('affirm-authorize-retried', checkoutWorkflowId(retried.checkoutId));

      const read = await h.start('affirm', tq);
      await affirm.act(read.session.providerReference, 'approve', { delivery: { drop: true } });
      await read.handle.result();
      await save('affirm-confirmation-read', checkoutWorkflowId(read.checkoutId));

      // Without a WAPI key the read fails at once and the cancel goes ahead.
      const wipay = await h.start('wipay', tq);
      await wipay.handle.result();
      await save('wipay-read-before-cancel', checkoutWorkflowId(wipay.checkoutId));

      const open = await h.start('affirm', tq);
      const ref = open.session.providerReference;
      await waitForState(open.handle, (s) => s.status === 'awaitingCustomer', 'the open session');
      await affirm.act(ref, 'approve', { delivery: { drop: true } });
      const confirmed: ProviderEvent = {
        provider: 'affirm',
        providerReference: ref,
        kind: 'authorize',
        rawStatus: 'confirmed',
        occurredAt: h.now().toISOString(),
        eventId: `affirm:webhook:${ref}:confirmed`,
        source: 'webhook',
        authorizationToken: ref,
      };
      await h.env.client.workflow.execute(recordInboundEventWorkflow, {
        workflowId: inboundEventWorkflowId(confirmed),
        taskQueue: tq,
        args: [{ event: confirmed, reason: 'unknownCheckout' }],
      });
      await h.decisionOf(open.handle);
      await save('inbound-event-forwarded', inboundEventWorkflowId(confirmed));
      await save('affirm-completed-by-forwarded-event', checkoutWorkflowId(open.checkoutId));
    });
  }, 120_000);

  // Cancelled checkouts listen for late payments for days: those runs must replay too.
  it('exports the paths of a payment after cancel', async () => {
    await h.withWorker(async (tq) => {
      const wgf = await h.start('wegetfinancing', tq);
      await wgf.handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() });
      expect((await wgf.handle.executeUpdate(merchantCancelOutcomeUpdate)).status).toBe('cancelled');
      await h.sandbox('wegetfinancing').act(wgf.session.providerReference, 'approve');
      await waitForState(wgf.handle, (s) => (s.attention ?? []).length > 0, 'the payment after cancel');
      await wgf.handle.result();
      await save('wegetfinancing-paid-after-cancel', checkoutWorkflowId(wgf.checkoutId));

      const late: ProviderEvent = {
        provider: 'wegetfinancing',
        providerReference: wgf.session.providerReference,
        kind: 'fulfil',
        rawStatus: 'approved',
        occurredAt: h.now().toISOString(),
        eventId: `wgf-${wgf.session.providerReference}-approved-again`,
        source: 'webhook',
      };
      await h.env.client.workflow.execute(recordInboundEventWorkflow, {
        workflowId: inboundEventWorkflowId(late),
        taskQueue: tq,
        args: [{ event: late, reason: 'closedCheckout', checkoutId: wgf.checkoutId }],
      });
      await save('inbound-paid-after-closed-cancel', inboundEventWorkflowId(late));

      const affirm = await h.start('affirm', tq);
      await affirm.handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() });
      await waitForState(affirm.handle, (s) => s.status === 'cancelled', 'the cancel');
      await h.sandbox('affirm').act(affirm.session.providerReference, 'approve', { followRedirect: true });
      await waitForState(affirm.handle, (s) => (s.attention ?? []).length > 0, 'the void');
      await affirm.handle.result();
      await save('affirm-confirmed-after-cancel-voided', checkoutWorkflowId(affirm.checkoutId));
    });
  }, 120_000);

  // Held checkouts wait for ops for days: their histories must replay across releases too.
  it('exports the paths of a checkout held for ops', async () => {
    await h.withWorker(async (tq) => {
      const held = await h.start('iwocapay', tq);
      const ref = held.session.providerReference;
      const paid: ProviderEvent = {
        provider: 'iwocapay',
        checkoutReference: held.checkoutId,
        providerReference: ref,
        kind: 'fulfil',
        rawStatus: 'SUCCESSFUL',
        occurredAt: h.now().toISOString(),
        eventId: `iwocapay:${ref}:SUCCESSFUL`,
        source: 'webhook',
        amount: '25.00',
        currency: 'GBP',
      };
      await held.handle.signal(providerEventSignal, paid);
      await waitForState(held.handle, (s) => s.status === 'held', 'the hold');
      await held.handle.signal(providerEventSignal, { ...paid, eventId: 'iwocapay:later', amount: '250.00' });
      await waitForState(held.handle, (s) => s.events.received === 2, 'the later event');
      await held.handle.signal(resolveHoldSignal, { action: 'complete', note: 'checked with iwocaPay' });
      await h.decisionOf(held.handle);
      await save('iwocapay-held-amount-completed-by-ops', checkoutWorkflowId(held.checkoutId));

      nextIwocaPayOrderId = `o${'x'.repeat(299)}`;
      const merchantOrderId = uniqueOrderId('iwocapay');
      await h.start('iwocapay', tq, { merchantOrderId }).catch(() => undefined);
      nextIwocaPayOrderId = undefined;
      const tooLong = checkoutWorkflowId(checkoutIdFor(merchantOrderId, 1));
      await h.env.client.workflow.getHandle(tooLong).result();
      await save('iwocapay-reference-too-long-session-failed', tooLong);
    });
  }, 60_000);

  // Runs that record the lean-history patch (workflows/lean-history.ts): local store
  // writes, a kept wake timer, search attributes carried across continue-as-new.
  it('exports the lean-history paths', async () => {
    await h.withWorker(async (tq) => {
      const wgf = await h.start('wegetfinancing', tq);
      const wgfRef = wgf.session.providerReference;
      await h.sandbox('wegetfinancing').act(wgfRef, 'preapprove', { delivery: { copies: 2 } });
      await waitForState(wgf.handle, (s) => s.events.received === 2, 'preapproved twice');
      await h.sandbox('wegetfinancing').act(wgfRef, 'approve');
      await h.decisionOf(wgf.handle);
      await save('lean-wegetfinancing-approved', checkoutWorkflowId(wgf.checkoutId));

      const cancelled = await h.start('wegetfinancing', tq);
      await cancelled.handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() });
      expect((await cancelled.handle.executeUpdate(merchantCancelOutcomeUpdate)).status).toBe('cancelled');
      await h.sandbox('wegetfinancing').act(cancelled.session.providerReference, 'approve');
      await waitForState(cancelled.handle, (s) => (s.attention ?? []).length > 0, 'the payment after cancel');
      await cancelled.handle.result();
      await save('lean-wegetfinancing-paid-after-cancel', checkoutWorkflowId(cancelled.checkoutId));

      const held = await h.start('iwocapay', tq);
      const ref = held.session.providerReference;
      const paid: ProviderEvent = {
        provider: 'iwocapay',
        checkoutReference: held.checkoutId,
        providerReference: ref,
        kind: 'fulfil',
        rawStatus: 'SUCCESSFUL',
        occurredAt: h.now().toISOString(),
        eventId: `iwocapay:${ref}:SUCCESSFUL`,
        source: 'webhook',
        amount: '25.00',
        currency: 'GBP',
      };
      await held.handle.signal(providerEventSignal, paid);
      await waitForState(held.handle, (s) => s.status === 'held', 'the hold');
      await held.handle.signal(resolveHoldSignal, { action: 'complete', note: 'checked with iwocaPay' });
      await h.decisionOf(held.handle);
      await save('lean-iwocapay-held-amount-completed-by-ops', checkoutWorkflowId(held.checkoutId));

      nextIwocaPayOrderId = `o${'x'.repeat(299)}`;
      const merchantOrderId = uniqueOrderId('iwocapay');
      await h.start('iwocapay', tq, { merchantOrderId }).catch(() => undefined);
      nextIwocaPayOrderId = undefined;
      const tooLong = checkoutWorkflowId(checkoutIdFor(merchantOrderId, 1));
      await h.env.client.workflow.getHandle(tooLong).result();
      await save('lean-iwocapay-reference-too-long-session-failed', tooLong);

      // A lean run's reads are a watch activity's retries (no events), so it continues as
      // new by its signal budget: hints after 2 hours of reads, then on to the TTL.
      const long = await h.start('iwocapay', tq, { timing: { ttlMs: 36 * 60 * 60 * 1000 } });
      await h.sleep('2 hours');
      await continueByHints(long.handle, SIGNALS_PER_RUN_LIMIT);
      await long.handle.result();
      await save('lean-iwocapay-continued-as-new', checkoutWorkflowId(long.checkoutId));
    });
  }, 180_000);
});
