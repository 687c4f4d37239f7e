// A worker killed mid-delivery, on the dev server: the merchant got the event, but the
// worker died before it could record the answer. The event is neither lost nor turned
// into a new one: the next worker sends it again with the same webhook-id, and the
// merchant, deduplicating by webhook-id as Standard Webhooks asks, acts on it once.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createProviderRegistry } from '../../src/providers/registry';
import type { OrderStore } from '../../src/store';
import { openOrderStore } from '../../src/store';
import { merchantEventDeliveryWorkflow } from '../../workflows';
import type { DeliverySchedule } from '../../workflows/merchant-events/contract';
import { merchantEventWorkflowId } from '../../workflows/merchant-events/contract';
import { createDevServerEnv } from '../helpers/temporal-env';
import { WORKFLOWS_PATH } from '../workflows/support/temporal';
import type { Merchant } from './support/merchant';
import { MERCHANT_SECRET, deliveryOutcome, eventIdOf, startMerchant } from './support/merchant';

jest.setTimeout(120_000);

const SCHEDULE: DeliverySchedule = {
  firstRetryMs: 500,
  maxRetryMs: 1_000,
  giveUpAfterMs: 120_000,
  attemptTimeoutMs: 2_000,
};

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let store: OrderStore;
let merchant: Merchant;

beforeAll(async () => {
  [env, bundle, store, merchant] = await Promise.all([
    createDevServerEnv(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }),
    openOrderStore({ dataDir: 'memory://' }),
    startMerchant(),
  ]);
}, 120_000);
afterAll(async () => {
  await merchant?.close();
  await store?.close();
  await env?.teardown();
});

/**
 * The store as a process sees it: once killed, nothing the process still had in flight
 * reaches it (a killed process writes nothing more), so the answer it got is never recorded.
 */
function killable(real: OrderStore): { store: OrderStore; kill(): void } {
  let killed = false;
  const never = new Promise<never>(() => undefined);
  const store = new Proxy(real, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        killed ? never : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, kill: () => void (killed = true) };
}

function workerOn(taskQueue: string, workerStore: OrderStore): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({
      providers: createProviderRegistry({}),
      store: workerStore,
      merchantWebhook: { url: merchant.url, secret: MERCHANT_SECRET, schedule: SCHEDULE },
    }),
    // No cache: the next worker takes the workflow's next task at once.
    maxCachedWorkflows: 0,
    shutdownForceTime: '500ms',
  });
}

it('a worker killed between the send and its record: the event arrives again with the same id, once by id', async () => {
  const checkoutId = `kill-${process.pid}-a1`;
  const eventId = eventIdOf(checkoutId, 'checkout.completed', 'completed');
  await store.recordMerchantEvent({
    id: eventId,
    checkoutId,
    type: 'checkout.completed',
    data: { checkoutId, status: 'completed' },
    createdAt: new Date().toISOString(),
  });
  const taskQueue = `merchant-kill-${process.pid}`;

  // The merchant holds the first delivery until the worker that sent it is gone, then acts on it.
  let arrived!: () => void;
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let requests = 0;
  merchant.receiver.answer = async () => {
    if (++requests > 1) return 200;
    arrived();
    await released;
    return 200;
  };

  const first = killable(store);
  const doomed = await workerOn(taskQueue, first.store);
  const doomedRun = doomed.run();
  await env.client.workflow.start(merchantEventDeliveryWorkflow, {
    workflowId: merchantEventWorkflowId(eventId),
    taskQueue,
    args: [{ eventId, checkoutId, type: 'checkout.completed', schedule: SCHEDULE, raisesAttention: false }],
  });
  await firstArrived;
  first.kill();
  doomed.shutdown();
  await doomedRun.catch(() => undefined);
  release();

  const next = await workerOn(taskQueue, store);
  const outcome = await next.runUntil(deliveryOutcome(env.client, eventId, 60_000));

  expect(outcome).toMatchObject({ eventId, status: 'delivered', attempts: 2 });
  const deliveries = merchant.deliveriesOf(eventId);
  expect(deliveries.map((d) => [d.verified, d.status])).toEqual([
    [true, 200],
    [true, 200],
  ]);
  expect(new Set(deliveries.map((d) => JSON.stringify(d.event))).size).toBe(1);
  expect(merchant.receiver.events().map((e) => e.id)).toEqual([eventId]);
  // Only the second attempt's answer reached the store; the first died with its worker.
  expect(await store.getMerchantEvent(eventId)).toMatchObject({
    status: 'delivered',
    attemptCount: 1,
    attempts: [{ attempt: 1, statusCode: 200, errorClass: null }],
  });
});
