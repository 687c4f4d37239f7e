// The payment workflow on the time-skipping server with one worker for the whole file,
// the order store in memory and test-local ledger adapters (support/ledger-adapter.ts).
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { createProviderRegistry } from '../../../src/providers/registry';
import type { ProviderAdapter } from '../../../src/providers/types';
import type { OrderStore } from '../../../src/store';
import { openOrderStore } from '../../../src/store';
import type { ProviderId } from '../../../workflows/domain';
import type { CaptureMode, PaymentInput, PaymentState } from '../../../workflows/payment/contract';
import { paymentStateQuery, paymentWorkflowId } from '../../../workflows/payment/contract';
import type { paymentWorkflow } from '../../../workflows/payment/payment';
import { startTimeSkipping } from './temporal';

export type PaymentHandle = WorkflowHandle<typeof paymentWorkflow>;

export interface PaymentHarness {
  env: TestWorkflowEnvironment;
  store: OrderStore;
  /** The server's clock, in ms (ahead of the wall clock once time was skipped). */
  now(): number;
  sleep(duration: Duration): Promise<void>;
  /** Re-reads the server clock (a time-skipping result() may have moved it). */
  sync(): Promise<void>;
  start(input: Omit<PaymentInput, 'completedAt' | 'merchantOrderId' | 'currency'>): Promise<PaymentHandle>;
  close(): Promise<void>;
}

export async function createPaymentHarness(
  adapters: (now: () => number) => Partial<Record<ProviderId, ProviderAdapter>>,
  affirmCapture: CaptureMode = 'manual',
): Promise<PaymentHarness> {
  const { env, bundle } = await startTimeSkipping();
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const syncClock = async () => {
    clock.offsetMs = (await env.currentTimeMs()) - Date.now();
  };
  await syncClock();
  const store = await openOrderStore({ dataDir: 'memory://' });
  const providers = createProviderRegistry(adapters(now));
  const taskQueue = `payments-${process.pid}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ providers, store, affirmCapture }),
  });
  const running = worker.run();
  return {
    env,
    store,
    now,
    async sleep(duration) {
      await env.sleep(duration);
      await syncClock();
    },
    sync: syncClock,
    async start(input) {
      await syncClock();
      return env.client.workflow.start<typeof paymentWorkflow>('paymentWorkflow', {
        workflowId: paymentWorkflowId(input.checkoutId),
        taskQueue,
        args: [
          {
            ...input,
            merchantOrderId: `order-${input.checkoutId}`,
            currency: 'USD',
            completedAt: new Date(now()).toISOString(),
          },
        ],
      });
    },
    async close() {
      worker.shutdown();
      await running;
      await store.close();
      await env.teardown();
    },
  };
}

export function paymentState(handle: PaymentHandle): Promise<PaymentState> {
  return handle.query(paymentStateQuery);
}

/** The refusal type an Update failed with, or undefined when it succeeded. */
export async function refusalOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure && cause.type) return cause.type;
    throw error;
  }
}

let sequence = 0;
export const uniqueCheckoutId = (prefix: string) => `${prefix}-${process.pid}-${++sequence}-a1`;
