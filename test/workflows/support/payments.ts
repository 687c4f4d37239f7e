// The payment workflow on the time-skipping server with one worker for the whole file,
// the order store in memory, and the providers' adapters: the real Affirm adapter against
// the Affirm simulator (its clock the server's), or a test-local ledger adapter
// (support/ledger-adapter.ts) where a simulator cannot do what a test needs.
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createProviderWorkers, runWorkers, shutdownWorkers } from '../../../src/worker/provider-workers';
import { PROVIDER_IDS } from '../../../workflows/domain';
import { z } from 'zod';
import { createActivities } from '../../../activities';
import type { MerchantEventSettings } from '../../../activities/merchant-events';
import { createProviderRegistry } from '../../../src/providers/registry';
import type { ProviderAdapter } from '../../../src/providers/types';
import type { OrderStore } from '../../../src/store';
import { openOrderStore } from '../../../src/store';
import type { ProviderId } from '../../../workflows/domain';
import type { CaptureMode, PaymentInput, PaymentState } from '../../../workflows/payment/contract';
import { paymentStateQuery, paymentWorkflowId } from '../../../workflows/payment/contract';
import type { paymentWorkflow } from '../../../workflows/payment/payment';
import type { AffirmSandbox } from './sandboxes';
import { startAffirm } from './sandboxes';
import { startTimeSkipping } from './temporal';
import { affirmSessionInput } from '../../providers/support/affirm-session';

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

type Adapters = Partial<Record<ProviderId, ProviderAdapter>>;

export async function createPaymentHarness(
  adapters: (now: () => number) => Adapters | Promise<Adapters>,
  affirmCapture: CaptureMode = 'manual',
  options: { merchantWebhook?: MerchantEventSettings } = {},
): Promise<PaymentHarness> {
  const { env, bundle } = await startTimeSkipping();
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const syncClock = async () => {
    clock.offsetMs = (await env.currentTimeMs()) - Date.now();
  };
  await syncClock();
  const store = await openOrderStore({ dataDir: 'memory://' });
  const providers = createProviderRegistry(await adapters(now));
  const taskQueue = `payments-${process.pid}`;
  const activities = createActivities({
    providers,
    store,
    affirmCapture,
    merchantWebhook: options.merchantWebhook ?? null,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  // Provider calls run on the providers' own task queues, as in the worker process.
  const providerWorkers = await createProviderWorkers({
    connection: env.nativeConnection,
    taskQueue,
    providers: PROVIDER_IDS,
    activities,
  });
  const running = runWorkers([worker, ...providerWorkers]);
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
      shutdownWorkers([worker, ...providerWorkers]);
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

/** The Affirm simulator's ledger of one transaction (its control API), in cents. */
const affirmLedgerSchema = z.object({
  authorized: z.number().int(),
  captured: z.number().int(),
  refunded: z.number().int(),
  voided: z.boolean(),
  authorization_expired: z.boolean(),
  events: z.array(z.object({ type: z.string(), amount: z.number().int().optional() })),
});
export type AffirmLedger = z.infer<typeof affirmLedgerSchema> & { captures: number[]; refunds: number[] };

export interface AffirmPayments {
  sandbox: AffirmSandbox;
  /**
   * A transaction Affirm authorized, made the way Affirm makes one: the checkout created
   * through the adapter, the customer's approval and confirmation in the simulator, the
   * authorization through the adapter. Returns Affirm's transaction id.
   */
  authorized(checkoutId: string, amount: string): Promise<string>;
  ledger(transactionId: string): Promise<AffirmLedger>;
}

/** Where the checkouts send the customer back; approvals below follow no redirect. */
const SHOP = { url: 'http://127.0.0.1:9', confirmUrl: () => 'http://127.0.0.1:9/webhooks/affirm/confirm' };

/** One checkout attempt: a one-item cart for `amount`, its callbacks never followed. */
export const cartFor = (checkoutId: string, amount: string) =>
  affirmSessionInput(SHOP, checkoutId, `order-${checkoutId}`, amount);

/** The Affirm simulator and the real adapter, on the harness clock (the server's time). */
export async function startAffirmPayments(now: () => number): Promise<AffirmPayments> {
  const sandbox = await startAffirm({
    now: () => new Date(now()),
    // Approvals below drop their webhooks: the payment workflow takes none.
    webhookUrl: () => `${SHOP.url}/webhooks/affirm`,
  });
  const { adapter } = sandbox;
  return {
    sandbox,
    async authorized(checkoutId, amount) {
      const session = await adapter.createSession(cartFor(checkoutId, amount));
      await sandbox.act(session.providerReference, 'approve', { delivery: { drop: true } });
      if (!adapter.authorize) throw new Error('the Affirm adapter must authorize');
      const transaction = await adapter.authorize({
        checkoutToken: session.providerReference,
        checkoutId,
        idempotencyKey: `auth-${checkoutId}`,
      });
      return transaction.transactionId;
    },
    async ledger(transactionId) {
      const ledger = affirmLedgerSchema.parse(
        await sandbox.read(`transactions/${encodeURIComponent(transactionId)}`),
      );
      const amountsOf = (type: string) =>
        ledger.events.filter((e) => e.type === type).map((e) => e.amount ?? 0);
      return { ...ledger, captures: amountsOf('capture'), refunds: amountsOf('refund') };
    },
  };
}

/**
 * A test file's payment harness on the real Affirm simulator, set up before its tests and
 * closed after them. The getters read what beforeAll made.
 */
export function useAffirmPaymentHarness(captureMode?: CaptureMode): {
  harness: () => PaymentHarness;
  affirm: () => AffirmPayments;
} {
  let h: PaymentHarness | undefined;
  let affirm: AffirmPayments | undefined;
  beforeAll(async () => {
    h = await createPaymentHarness(async (now) => {
      affirm = await startAffirmPayments(now);
      return { affirm: affirm.sandbox.adapter };
    }, captureMode);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await affirm?.sandbox.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the payment harness is not set up yet');
    return value;
  };
  return { harness: () => ready(h), affirm: () => ready(affirm) };
}
