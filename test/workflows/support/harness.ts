// Everything a workflow test file needs, started once per file: the time-skipping
// server, the workflow bundle, an in-memory order store, the simulators with their real
// adapters, and the receiver that turns their webhooks and redirects into signals.
import type { WorkflowHandle } from '@temporalio/client';
import { Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { paymentWorkflowId } from '../../../workflows/payment/contract';
import type { Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../../activities';
import type { MerchantEventSettings } from '../../../activities/merchant-events';
import { createActivities } from '../../../activities';
import { createProviderRegistry } from '../../../src/providers/registry';
import type { ProviderAdapter } from '../../../src/providers/types';
import type { OrderStore } from '../../../src/store';
import { openOrderStore } from '../../../src/store';
import { checkoutWorkflow } from '../../../workflows';
import type { CheckoutInput, CheckoutSession, CheckoutState } from '../../../workflows/contract';
import {
  checkoutIdFor,
  checkoutStateQuery,
  checkoutWorkflowId,
  isDecided,
  sessionUpdate,
} from '../../../workflows/contract';
import type { ProviderId } from '../../../workflows/domain';
import { PROVIDER_IDS } from '../../../workflows/domain';
import type { ProviderLimit } from '../../../src/worker/provider-limits';
import { createProviderWorkers, runWorkersUntil } from '../../../src/worker/provider-workers';
import type { CheckoutTiming } from '../../../workflows/policies';
import {
  CheckoutProviderKey,
  CheckoutStatusKey,
  MerchantOrderIdKey,
} from '../../../workflows/search-attributes';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';
import type { Sandbox, SandboxContext } from './sandboxes';
import { sessionInputFor } from './sessions';
import { settle } from './settle';
import { startTimeSkipping } from './temporal';
import { pollUntil } from '../../helpers/poll-until';
import { workflowClosed } from '../../helpers/workflow-closed';

export type CheckoutHandle = WorkflowHandle<typeof checkoutWorkflow>;

export interface Started {
  checkoutId: string;
  handle: CheckoutHandle;
  session: CheckoutSession;
}

export interface StartOptions {
  timing?: Partial<CheckoutTiming>;
  /** Default: unique per call. */
  merchantOrderId?: string;
  avs?: boolean;
  /** The merchant's labels and deadline, as the gateway puts them in the input. */
  merchant?: Pick<CheckoutInput, 'metadata' | 'expiresAt'>;
}

export interface WorkerOptions {
  taskQueue?: string;
  /**
   * No workflow cache, hence no sticky queue: the next worker on the task queue gets the
   * next task at once (the Java test server does not time out a dead worker's sticky queue).
   */
  pausable?: boolean;
  wrap?: (real: Activities) => Activities;
  /** Rate and slots of the providers' task queues (default: unlimited). */
  providerLimits?: Partial<Record<ProviderId, ProviderLimit>>;
  /**
   * Leave this test's checkouts running when the worker stops (a later withWorker on the
   * same queue ends them); they settle first, so nothing is in flight when it stops.
   */
  keepRunning?: boolean;
}

export interface Harness {
  env: TestWorkflowEnvironment;
  store: OrderStore;
  receiver: Receiver;
  sandbox(provider: ProviderId): Sandbox;
  /** The server's clock (it runs ahead of the wall clock once time was skipped). */
  now(): Date;
  /** Skips server time, then re-reads the server clock. */
  sleep(duration: Duration): Promise<void>;
  /**
   * Runs `body` with a worker on a fresh task queue (or the given one, to resume after a
   * pause during which signals piled up); activities may be wrapped to inject faults.
   */
  withWorker<T>(body: (taskQueue: string) => Promise<T>, options?: WorkerOptions): Promise<T>;
  /**
   * For decisions driven by an event: waits (time locked) until the checkout decided,
   * then reads the result through a plain client. The time-skipping client's result()
   * lets the server skip to its next timer, which would be the TTL if a webhook or
   * redirect were still on its way (and, with nothing else due, jumps years ahead).
   */
  decisionOf(handle: CheckoutHandle): Promise<CheckoutState>;
  /** Starts a checkout the way the gateway does (Update-With-Start) and returns its session. */
  start(provider: ProviderId, taskQueue: string, options?: StartOptions): Promise<Started>;
  close(): Promise<void>;
}

let sequence = 0;

export async function createHarness(
  starters: Array<(ctx: SandboxContext) => Promise<Sandbox>>,
  options: { merchantWebhook?: MerchantEventSettings } = {},
): Promise<Harness> {
  const { env, bundle } = await startTimeSkipping();
  const clock = { offsetMs: 0 };
  const now = () => new Date(Date.now() + clock.offsetMs);
  const syncClock = async () => {
    clock.offsetMs = (await env.currentTimeMs()) - Date.now();
  };
  await syncClock();
  const store = await openOrderStore({ dataDir: 'memory://' });
  const adapters: Partial<Record<ProviderId, ProviderAdapter>> = {};
  const providers = createProviderRegistry(adapters);
  const receiver = await startReceiver(env.client, providers, now);
  const sandboxes = await Promise.all(
    starters.map((start) => start({ now, webhookUrl: receiver.webhookUrl })),
  );
  for (const sandbox of sandboxes) adapters[sandbox.id] = sandbox.adapter;
  const activities = createActivities({
    providers,
    store,
    now,
    merchantWebhook: options.merchantWebhook ?? null,
  });

  const plainClient = new Client({ connection: env.connection, namespace: env.namespace });
  /** Checkouts started per task queue, whose payment workflows (if any) run there too. */
  const startedOn = new Map<string, string[]>();
  /**
   * A completed checkout's payment workflow lives on, on the checkout's task queue, with
   * timers months ahead. Once that queue's worker is gone, a later test's time skipping
   * would fire them into a queue nobody serves, and the time-skipping server stops skipping
   * while such a task is outstanding. So when a test's body is over, its checkouts that
   * still run and their payments are ended: first, with the workers still running, they
   * settle (support/settle.ts: a workflow terminated, or a worker stopped, with a task in
   * flight would strand the server's lock on time skipping or a started activity), then
   * they are terminated. With `keepRunning` they only settle, and a later withWorker on the
   * same queue ends them.
   */
  const terminateIfRunning = async (workflowId: string) => {
    const handle = plainClient.workflow.getHandle(workflowId);
    try {
      // Only a running one: terminating a closed workflow also stops the skipping.
      if ((await handle.describe()).status.name === 'RUNNING')
        await handle.terminate('the test that started it is over');
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  };
  const endTestWorkflows = async (taskQueue: string, keepRunning: boolean) => {
    // Each checkout before its payment: a payment it starts meanwhile is looked at after it.
    const workflowIds = (startedOn.get(taskQueue) ?? []).flatMap((checkoutId) => [
      checkoutWorkflowId(checkoutId),
      paymentWorkflowId(checkoutId),
    ]);
    const busy = await settle(plainClient, workflowIds);
    for (const [workflowId, what] of busy)
      console.warn(
        `${workflowId} still has ${what} in flight as its test ends: later time skipping may stall`,
      );
    if (keepRunning) return;
    for (const workflowId of workflowIds) await terminateIfRunning(workflowId);
    startedOn.delete(taskQueue);
  };
  return {
    env,
    store,
    receiver,
    now,
    sandbox(provider) {
      const found = sandboxes.find((sandbox) => sandbox.id === provider);
      if (!found) throw new Error(`no ${provider} sandbox in this file`);
      return found;
    },
    async sleep(duration) {
      await env.sleep(duration);
      await syncClock();
    },
    async withWorker(body, options = {}) {
      const taskQueue = options.taskQueue ?? `tq-${process.pid}-${++sequence}`;
      receiver.taskQueue = taskQueue;
      const workerActivities = options.wrap ? options.wrap(activities) : activities;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities: workerActivities,
        ...(options.pausable ? { maxCachedWorkflows: 0 } : {}),
      });
      // Provider calls run on the providers' own task queues, as in the worker process.
      const providerWorkers = await createProviderWorkers({
        connection: env.nativeConnection,
        taskQueue,
        providers: PROVIDER_IDS,
        activities: workerActivities,
        limits: options.providerLimits,
      });
      return runWorkersUntil(worker, providerWorkers, async () => {
        try {
          return await body(taskQueue);
        } finally {
          await endTestWorkflows(taskQueue, options.keepRunning ?? false);
        }
      });
    },
    async decisionOf(handle) {
      const decided = await waitForState(handle, (state) => isDecided(state.status), 'a decision');
      // A cancelled checkout listens on for late payments (time locked, that wait would not end).
      if (decided.status === 'cancelled') return decided;
      return plainClient.workflow.getHandle<typeof checkoutWorkflow>(handle.workflowId).result();
    },
    async start(provider, taskQueue, options = {}) {
      await syncClock();
      const merchantOrderId = options.merchantOrderId ?? uniqueOrderId(provider);
      const checkoutId = checkoutIdFor(merchantOrderId, 1);
      const input: CheckoutInput = {
        provider,
        session: sessionInputFor(provider, checkoutId, merchantOrderId, receiver, options.avs),
        timing: options.timing,
        ...options.merchant,
      };
      const workflowId = checkoutWorkflowId(checkoutId);
      const session = await env.client.workflow.executeUpdateWithStart(sessionUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(checkoutWorkflow, {
          workflowId,
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: [
            { key: CheckoutProviderKey, value: provider },
            { key: MerchantOrderIdKey, value: merchantOrderId },
            { key: CheckoutStatusKey, value: 'creatingSession' },
          ],
          staticSummary: `${provider} checkout ${merchantOrderId}`,
        }),
      });
      receiver.remember(session.providerReference, checkoutId);
      startedOn.set(taskQueue, [...(startedOn.get(taskQueue) ?? []), checkoutId]);
      return {
        checkoutId,
        session,
        handle: env.client.workflow.getHandle<typeof checkoutWorkflow>(workflowId),
      };
    },
    async close() {
      await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
      await receiver.close();
      await store.close();
      await env.teardown();
    },
  };
}

export function uniqueOrderId(provider: ProviderId): string {
  return `${provider.slice(0, 3)}-${process.pid}-${++sequence}`;
}

export function handleFor(h: Harness, checkoutId: string): CheckoutHandle {
  return h.env.client.workflow.getHandle<typeof checkoutWorkflow>(checkoutWorkflowId(checkoutId));
}

/**
 * A query has no deadline of its own: one the server never answers fails here instead of
 * hanging the test. The default is generous: a query waits while a workflow task is open,
 * and a local activity retrying inside its task keeps it open for up to 10 s at a time.
 */
export function stateOf(handle: CheckoutHandle, deadlineMs = 60_000): Promise<CheckoutState> {
  return handle.client.connection.withDeadline(Date.now() + deadlineMs, () =>
    handle.query(checkoutStateQuery),
  );
}

/**
 * The result once the workflow closed, polled in real time by describe, which (unlike a
 * query) never touches the workflow: the time-skipping server turns a query that arrives
 * while a workflow task is in flight into one more workflow task in the history, which a
 * real server never does, so history budgets must not poll by query.
 */
export async function closedResultOf(handle: CheckoutHandle, timeoutMs = 15_000): Promise<CheckoutState> {
  await workflowClosed(handle, `${handle.workflowId} to close`, timeoutMs);
  return handle.result();
}

/** Polls the query in real time (queries do not skip time) until the state matches. */
export async function waitForState(
  handle: CheckoutHandle,
  matches: (state: CheckoutState) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<CheckoutState> {
  // A query may take the whole wait and then some: one answered late still counts.
  return pollUntil(() => stateOf(handle, timeoutMs + 15_000), matches, { what, timeoutMs });
}
