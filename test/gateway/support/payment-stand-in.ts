// The payment workflow a gateway test's checkout has: the real one when the checkout
// started it on completion (once workflows/payment lands), else the TEST STAND-IN
// (payment-stand-in-workflow.ts), started here on a task queue of its own so the
// harness worker stays exactly the product's.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { PaymentInput, PaymentState } from '../../../workflows/payment/contract';
import { paymentStateQuery, paymentWorkflowId } from '../../../workflows/payment/contract';
import { isWorkflowNotFound } from '../../../src/gateway/temporal-errors';
import type { Harness } from './harness';
import { eventually } from './http';

export interface PaymentStandIn {
  taskQueue: string;
  close(): Promise<void>;
}

export async function startPaymentStandIn(h: Harness): Promise<PaymentStandIn> {
  const taskQueue = `payment-stand-in-${randomUUID()}`;
  const worker = await Worker.create({
    connection: h.env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./payment-stand-in-workflow'),
  });
  const running = worker.run();
  return {
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
    },
  };
}

/** How long a completed checkout gets to start its own payment workflow before the stand-in is used. */
const OWN_PAYMENT_GRACE_MS = 2_000;

async function exists(handle: WorkflowHandle): Promise<boolean> {
  try {
    await handle.describe();
    return true;
  } catch (err) {
    if (isWorkflowNotFound(err)) return false;
    throw err;
  }
}

export async function paymentFor(
  h: Harness,
  standIn: PaymentStandIn,
  input: PaymentInput,
): Promise<WorkflowHandle> {
  const workflowId = paymentWorkflowId(input.checkoutId);
  const handle = h.client.workflow.getHandle(workflowId);
  const deadline = Date.now() + OWN_PAYMENT_GRACE_MS;
  while (Date.now() < deadline) {
    if (await exists(handle)) return handle;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return h.client.workflow.start('paymentStandInWorkflow', {
    workflowId,
    taskQueue: standIn.taskQueue,
    args: [input],
  });
}

export function paymentState(handle: WorkflowHandle): Promise<PaymentState> {
  return handle.query(paymentStateQuery);
}

/** Waits until the payment's state satisfies `done` (bounded), and returns it. */
export function waitForPayment(
  handle: WorkflowHandle,
  done: (state: PaymentState) => boolean,
  what: string,
): Promise<PaymentState> {
  return eventually(
    async () => {
      const state = await paymentState(handle);
      return done(state) ? state : undefined;
    },
    30_000,
    what,
  );
}
