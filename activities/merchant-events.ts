// Activities of outbound merchant events. publishMerchantEvent writes the event once
// (its id derived from checkout, type and occurrence) and starts its one delivery
// workflow; deliverMerchantEvent makes one signed HTTP attempt and records it. With no
// MERCHANT_WEBHOOK_URL nothing is published and nothing is sent.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { MerchantWebhookConfig } from '../src/config/env';
import { describeIssues, valueFreeErrorMap } from '../src/config/issues';
import { checkoutDetail, completedCheckoutResult } from '../src/gateway/checkouts/state';
import { paymentDetail } from '../src/gateway/payments/state';
import { envelopeOf, merchantEventId } from '../src/merchant-events/envelope';
import { sendSignedEvent } from '../src/merchant-events/send';
import type { MerchantEventRecord, OrderStore } from '../src/store';
import type { CheckoutState } from '../workflows/contract';
import { CHECKOUT_STATUSES } from '../workflows/contract';
import type {
  AttemptResult,
  DeliveryInput,
  DeliverySchedule,
  PublishMerchantEventInput,
} from '../workflows/merchant-events/contract';
import {
  DEFAULT_DELIVERY_SCHEDULE,
  DELIVERY_EXHAUSTED,
  MERCHANT_EVENT_TYPES,
  merchantEventWorkflowId,
} from '../workflows/merchant-events/contract';
import type { PaymentState } from '../workflows/payment/contract';
import { callStore } from './store-calls';

export interface MerchantEventSettings extends MerchantWebhookConfig {
  /** Overrides of the delivery schedule (tests shorten it). */
  schedule?: Partial<DeliverySchedule>;
}

/** The workflows' snapshots are ours, but they cross a serialisation boundary: check the shape we read. */
const publishSchema = z.object({
  checkoutId: z.string().min(1).max(300),
  type: z.enum(MERCHANT_EVENT_TYPES),
  occurrence: z.string().min(1).max(300),
  checkout: z
    .object({ checkoutId: z.string(), status: z.enum(CHECKOUT_STATUSES) })
    .passthrough()
    .optional(),
  payment: z.object({ checkoutId: z.string(), status: z.string() }).passthrough().optional(),
  attention: z.record(z.unknown()).optional(),
});

/** Parts of a stored event's data that belong to that event, not to the checkout it shows. */
const EVENT_ONLY_FIELDS = ['attentionCause'] as const;

export function createMerchantEventActivities(
  store: OrderStore,
  settings: MerchantEventSettings | undefined,
  now: () => Date,
) {
  /**
   * The checkout as GET /checkouts/:id shows it: from the newest event of it we stored,
   * else the completed checkout's result in Temporal, else (past its retention) what the
   * payment itself knows.
   */
  async function latestView(checkoutId: string, payment?: PaymentState): Promise<Record<string, unknown>> {
    const { events } = await callStore(() => store.listMerchantEvents({ checkoutId, limit: 1 }));
    const newest = events[0]?.data;
    if (newest) return withoutEventFields(newest);
    try {
      const checkout = await completedCheckoutResult(Context.current().client, checkoutId);
      return { ...checkoutDetail(checkout), payment: null };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError) || !payment) throw error;
      return viewOfPayment(payment);
    }
  }

  async function dataFor(input: z.output<typeof publishSchema>): Promise<Record<string, unknown>> {
    const cause = input.attention && { attentionCause: input.attention };
    if (input.checkout)
      return { ...checkoutDetail(input.checkout as unknown as CheckoutState), payment: null, ...cause };
    const payment = input.payment as unknown as PaymentState | undefined;
    const view = await latestView(input.checkoutId, payment);
    if (payment) return { ...view, payment: paymentDetail(payment) };
    return { ...view, ...cause };
  }

  async function startDelivery(event: MerchantEventRecord, occurrence: string): Promise<boolean> {
    const { client, info } = Context.current();
    const input: DeliveryInput = {
      eventId: event.id,
      checkoutId: event.checkoutId,
      type: event.type,
      schedule: settings?.schedule,
      raisesAttention: !occurrence.startsWith(DELIVERY_EXHAUSTED),
    };
    try {
      await client.workflow.start('merchantEventDeliveryWorkflow', {
        workflowId: merchantEventWorkflowId(event.id),
        taskQueue: info.taskQueue,
        args: [input],
        // A repeat publish (retry, replay) never sends the event again as new; only an
        // explicit redeliver does (POST /events/:id/redeliver).
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `merchant event ${event.type} #${event.seq}`,
      });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  return {
    async publishMerchantEvent(
      raw: PublishMerchantEventInput,
    ): Promise<{ published: boolean; eventId?: string; seq?: number }> {
      if (!settings) return { published: false };
      // Refused for good, naming fields, never values (a checkout id is the merchant's order id).
      const parsed = publishSchema.safeParse(raw, { errorMap: valueFreeErrorMap });
      if (!parsed.success)
        throw ApplicationFailure.nonRetryable(
          `invalid merchant event: ${describeIssues(parsed.error)}`,
          'InvalidMerchantEvent',
        );
      const input = parsed.data;
      const id = merchantEventId(input.checkoutId, input.type, input.occurrence);
      const data = await dataFor(input);
      const { event } = await callStore(() =>
        store.recordMerchantEvent({
          id,
          checkoutId: input.checkoutId,
          type: input.type,
          data,
          createdAt: now().toISOString(),
        }),
      );
      await startDelivery(event, input.occurrence);
      return { published: true, eventId: id, seq: event.seq };
    },

    async deliverMerchantEvent(input: { eventId: string }): Promise<AttemptResult> {
      if (!settings) return { delivered: false, errorClass: 'notConfigured' };
      const event = await callStore(() => store.getMerchantEvent(input.eventId));
      if (!event) return { delivered: false, errorClass: 'unknownEvent' };
      // Wall-clock time, whatever clock the worker stamps business times with: the
      // merchant checks webhook-timestamp against its own clock (5 minutes' tolerance).
      const at = new Date();
      const timeoutMs = settings.schedule?.attemptTimeoutMs ?? DEFAULT_DELIVERY_SCHEDULE.attemptTimeoutMs;
      const body = JSON.stringify(envelopeOf(event));
      const outcome = await sendSignedEvent(settings, { id: event.id, body }, { at, timeoutMs });
      await callStore(() =>
        store.recordMerchantEventAttempt({ eventId: event.id, attemptedAt: at.toISOString(), ...outcome }),
      );
      return { delivered: outcome.delivered, statusCode: outcome.statusCode, errorClass: outcome.errorClass };
    },

    async markMerchantEventFailed(input: { eventId: string }): Promise<{ updated: boolean }> {
      return callStore(() => store.markMerchantEventFailed(input.eventId));
    },
  };
}

function withoutEventFields(data: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...data };
  for (const field of EVENT_ONLY_FIELDS) delete copy[field];
  return copy;
}

/** A completed checkout as its payment describes it, for when the checkout's own history is gone. */
function viewOfPayment(payment: PaymentState): Record<string, unknown> {
  return {
    checkoutId: payment.checkoutId,
    orderId: payment.merchantOrderId,
    provider: payment.provider,
    status: 'completed',
    amount: payment.authorized,
    currency: payment.currency,
  };
}
