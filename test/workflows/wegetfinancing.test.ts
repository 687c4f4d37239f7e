// WeGetFinancing: signed postbacks only (no status API, no cancel call), 7-day TTL.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  SESSION_FAILED_ERROR,
  checkoutIdFor,
  inboundEventWorkflowId,
  merchantCancelSignal,
  providerEventSignal,
} from '../../workflows/contract';
import { recordInboundEventWorkflow } from '../../workflows';
import type { ProviderEvent } from '../../workflows/domain';
import type { Harness } from './support/harness';
import { createHarness, handleFor, stateOf, uniqueOrderId, waitForState } from './support/harness';
import { startWeGetFinancing } from './support/sandboxes';
import {
  expectCancelled,
  expectNoOrder,
  expectOneOrder,
  lateRecordFor,
  sendMerchantCancel,
} from './support/expectations';
import { decideWithDeliveriesInFlight } from './support/scenarios';

const DAY = 24 * 60 * 60 * 1000;
let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWeGetFinancing]);
}, 120_000);
afterAll(() => h?.close());

const wgf = () => h.sandbox('wegetfinancing');

describe('WeGetFinancing checkout', () => {
  it('completes on an approved postback, exactly one order', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      expect(session.redirectUrl).toContain('/application/');
      expect((await stateOf(handle)).status).toBe('awaitingCustomer');
      await wgf().act(session.providerReference, 'preapprove');
      await waitForState(handle, (s) => s.events.received === 1, 'the preapproved postback');
      await wgf().act(session.providerReference, 'approve');
      const result = await h.decisionOf(handle);
      expect(result).toMatchObject({
        status: 'completed',
        checkoutId,
        events: { received: 2, duplicates: 0 },
      });
      await expectOneOrder(h, checkoutId, result.orderId);
      const described = await handle.describe();
      expect(described.searchAttributes).toMatchObject({
        CheckoutStatus: ['completed'],
        CheckoutProvider: ['wegetfinancing'],
        ProviderReference: [session.providerReference],
      });
      const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      expect(metadata.currentDetails).toMatch(/^wegetfinancing 1344\.00 USD: completed/);
    });
  });

  it('cancels on a rejected postback, no order', async () => {
    await h.withWorker(async (tq) => {
      const started = await h.start('wegetfinancing', tq);
      await wgf().act(started.session.providerReference, 'decline');
      await expectCancelled(h, started, 'declined');
    });
  });

  it('cancels an abandoned application at the 7-day TTL, and not before', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      await wgf().act(session.providerReference, 'abandon');
      await h.sleep('6 days');
      expect((await stateOf(handle)).status).toBe('awaitingCustomer');
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      const waited = Date.parse(result.decidedAt ?? '') - Date.parse(result.openedAt);
      expect(waited).toBeGreaterThanOrEqual(7 * DAY);
      expect(waited).toBeLessThan(7 * DAY + 60_000);
      await expectNoOrder(h, checkoutId);
    });
  });

  it('survives duplicated and reordered postbacks: approved wins, once', async () => {
    await decideWithDeliveriesInFlight(
      h,
      'wegetfinancing',
      // The copies and the older preapproved arrive while the decision runs.
      { count: 4, what: 'four deliveries' },
      async ({ session }, arrived) => {
        await wgf().control('deliveries/next', { hold: true });
        await wgf().act(session.providerReference, 'preapprove');
        await wgf().control('deliveries/next', { copies: 3 });
        await wgf().act(session.providerReference, 'approve');
        // The copies go out together; the held preapproved is only released after all landed.
        await arrived(3);
        await wgf().control('deliveries/release');
      },
      async ({ checkoutId }, result) => {
        expect(result).toMatchObject({
          status: 'completed',
          events: { received: 4, duplicates: 2, afterDecision: 1, lastSeen: { rawStatus: 'preapproved' } },
        });
        await expectOneOrder(h, checkoutId, result.orderId);
      },
    );
  });

  it('counts a status it does not know and keeps waiting', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      await handle.signal(providerEventSignal, {
        provider: 'wegetfinancing',
        providerReference: session.providerReference,
        kind: 'unknown',
        rawStatus: 'on_hold',
        occurredAt: h.now().toISOString(),
        eventId: `wgf-${session.providerReference}-on_hold`,
        source: 'webhook',
      });
      const state = await waitForState(handle, (s) => s.events.unknownStatus === 1, 'the unknown status');
      expect(state.status).toBe('awaitingCustomer');
      await wgf().act(session.providerReference, 'approve');
      expect(await h.decisionOf(handle)).toMatchObject({ status: 'completed' });
      await expectOneOrder(h, checkoutId);
    });
  });

  it('cancels on a merchant cancel before a decision; a later cancel changes nothing', async () => {
    await h.withWorker(async (tq) => {
      const first = await h.start('wegetfinancing', tq);
      await sendMerchantCancel(h, first.handle);
      await expectCancelled(h, first, 'merchantCancelled');

      const second = await h.start('wegetfinancing', tq);
      await wgf().act(second.session.providerReference, 'approve');
      await h.decisionOf(second.handle);
      // Closed: the gateway reads the query and answers 409 instead of signalling.
      await expect(
        second.handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() }),
      ).rejects.toThrow(WorkflowNotFoundError);
      expect(await stateOf(second.handle)).toMatchObject({ status: 'completed' });
      await expectOneOrder(h, second.checkoutId);
    });
  });

  it('records a refund after completion without undoing the order', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      await wgf().act(session.providerReference, 'approve');
      const result = await h.decisionOf(handle);
      await wgf().act(session.providerReference, 'refund');
      const record = await lateRecordFor(h, session.providerReference, 'refund');
      expect(record).toMatchObject({ reason: 'closedCheckout', kind: 'refund', provider: 'wegetfinancing' });
      await expectOneOrder(h, checkoutId, result.orderId);
      expect(await stateOf(handle)).toMatchObject({ status: 'completed' });
    });
  });

  it('records an event for an unknown checkout once, however often it is delivered', async () => {
    await h.withWorker(async (tq) => {
      const event: ProviderEvent = {
        provider: 'wegetfinancing',
        providerReference: `inv-${uniqueOrderId('wegetfinancing')}`,
        kind: 'fulfil',
        rawStatus: 'approved',
        occurredAt: h.now().toISOString(),
        eventId: `wgf-unknown-${uniqueOrderId('wegetfinancing')}`,
        source: 'webhook',
      };
      const deliver = () =>
        h.env.client.workflow.execute(recordInboundEventWorkflow, {
          workflowId: inboundEventWorkflowId(event),
          taskQueue: tq,
          args: [{ event, reason: 'unknownCheckout' }],
        });
      expect(await deliver()).toEqual({ recorded: true });
      expect(await deliver()).toEqual({ recorded: false });
      const records = (await h.store.listInboundEvents()).filter((r) => r.eventId === event.eventId);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        reason: 'unknownCheckout',
        kind: 'fulfil',
        checkoutReference: null,
      });
    });
  });

  it('fails the session update with SessionFailed when the provider refuses the request', async () => {
    await h.withWorker(async (tq) => {
      await wgf().control('faults', { operation: 'create', status: 400 });
      const merchantOrderId = uniqueOrderId('wegetfinancing');
      const failure = await h
        .start('wegetfinancing', tq, { merchantOrderId })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (failure as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe(SESSION_FAILED_ERROR);
      expect((cause as ApplicationFailure).message).toMatch(/400/);
      const checkoutId = checkoutIdFor(merchantOrderId, 1);
      const result = await h.decisionOf(handleFor(h, checkoutId));
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'sessionFailed' });
      expect(result.detail).toMatch(/400/);
      await expectNoOrder(h, checkoutId);
    });
  });

  it('does not send the create again when its 200 answer cannot be read', async () => {
    await h.withWorker(async (tq) => {
      // The provider creates the request but its answer arrives garbled, once; a retry
      // would get a readable answer, a second request and a started checkout.
      await wgf().control('create-answers', { shape: 'garbled' });
      const merchantOrderId = uniqueOrderId('wegetfinancing');
      const failure = await h
        .start('wegetfinancing', tq, { merchantOrderId })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (failure as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe(SESSION_FAILED_ERROR);
      expect(cause.message).toContain('the provider accepted the request but its answer could not be read');
      expect(cause.message).not.toContain('upstream answered');
      const checkoutId = checkoutIdFor(merchantOrderId, 1);
      const result = await h.decisionOf(handleFor(h, checkoutId));
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'sessionFailed' });
      expect(result.detail).toContain('the session may exist at the provider');
      const sent = (await wgf().read(`requests?merchant_transaction_id=${checkoutId}`)) as {
        requests: unknown[];
      };
      expect(sent.requests).toHaveLength(1);
      await expectNoOrder(h, checkoutId);
    });
  });
});
