// Activities of the payment lifecycle: the provider's capture, refund and shipping calls
// through its adapter, and the order store's record of each money movement. The
// provider's Idempotency-Key is derived from the workflow's operation id, so every retry
// of one operation is one movement at the provider.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ProviderRegistry } from '../src/providers/registry';
import type { ProviderMoneyMovement } from '../src/providers/types';
import type { OrderStore, PaymentOperationInput } from '../src/store';
import type { ProviderId } from '../workflows/domain';
import type { CaptureMode, PaymentInput } from '../workflows/payment/contract';
import { paymentWorkflowId } from '../workflows/payment/contract';
import { CheckoutProviderKey, MerchantOrderIdKey } from '../workflows/search-attributes';
import { callProvider, operation } from './provider-calls';
import { callStore } from './store-calls';
import type {
  CapturePaymentInput,
  PaymentSetup,
  RefundPaymentInput,
  UpdatePaymentShippingInput,
} from './types';

/** Stable per operation, short enough for any provider's header, and free of merchant text. */
export function providerIdempotencyKey(operationId: string): string {
  return `pay-${createHash('sha256').update(operationId).digest('hex').slice(0, 40)}`;
}

export function createPaymentActivities(
  providers: ProviderRegistry,
  store: OrderStore,
  captureMode: CaptureMode,
) {
  const adapter = (id: ProviderId) => callProvider(async () => providers.get(id));
  const setupOf = (provider: ProviderId): PaymentSetup => {
    const found = providers.isEnabled(provider) ? providers.get(provider) : undefined;
    return {
      capabilities: {
        capture: typeof found?.capture === 'function',
        refund: typeof found?.refund === 'function',
        void: typeof found?.voidAuthorization === 'function',
        updateShipping: typeof found?.updateShipping === 'function',
      },
      captureMode,
    };
  };
  return {
    /** Which calls the provider's adapter has, and how Affirm captures in this deployment. */
    paymentSetup: async (input: { provider: ProviderId }): Promise<PaymentSetup> => setupOf(input.provider),

    /**
     * Starts a completed checkout's payment workflow on this worker's task queue, once: a
     * retry, or a payment that exists already (running or ended), starts nothing. Its own
     * workflow, not a child: nothing ties its end to the closed checkout's.
     */
    async startPaymentLifecycle(input: PaymentInput): Promise<{ started: boolean }> {
      const { client, info } = Context.current();
      try {
        await client.workflow.start('paymentWorkflow', {
          workflowId: paymentWorkflowId(input.checkoutId),
          taskQueue: info.taskQueue,
          args: [{ ...input, setup: setupOf(input.provider) }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: CheckoutProviderKey, value: input.provider },
            { key: MerchantOrderIdKey, value: input.merchantOrderId },
          ],
          staticSummary: `${input.provider} payment ${input.merchantOrderId}`,
        });
        return { started: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
        throw error;
      }
    },

    async capturePayment(input: CapturePaymentInput): Promise<ProviderMoneyMovement> {
      const capture = operation(await adapter(input.provider), 'capture');
      return callProvider(() =>
        capture({
          transactionId: input.transactionId,
          checkoutId: input.checkoutId,
          amount: input.amount,
          currency: input.currency,
          shipping: input.shipping,
          idempotencyKey: providerIdempotencyKey(input.operationId),
        }),
      );
    },

    async refundPayment(input: RefundPaymentInput): Promise<ProviderMoneyMovement> {
      const refund = operation(await adapter(input.provider), 'refund');
      return callProvider(() =>
        refund({
          transactionId: input.transactionId,
          checkoutId: input.checkoutId,
          amount: input.amount,
          currency: input.currency,
          reason: input.reason,
          capturedTotal: input.capturedTotal,
          idempotencyKey: providerIdempotencyKey(input.operationId),
        }),
      );
    },

    async updatePaymentShipping(input: UpdatePaymentShippingInput): Promise<void> {
      const updateShipping = operation(await adapter(input.provider), 'updateShipping');
      await callProvider(() =>
        updateShipping({
          providerReference: input.providerReference,
          transactionId: input.transactionId,
          checkoutId: input.checkoutId,
          carrier: input.carrier,
          trackingNumber: input.trackingNumber,
          status: input.status,
          idempotencyKey: providerIdempotencyKey(input.operationId),
        }),
      );
    },

    /** Recorded once per operation id; an invalid record can never succeed, so it is not retried. */
    async recordPaymentOperation(input: PaymentOperationInput): Promise<{ recorded: boolean }> {
      return callStore(() => store.recordPaymentOperation(input));
    },
  };
}
