// The worker's telemetry as an operator meets it: a real worker under the runtime the
// worker process installs (src/worker/runtime.ts) runs checkouts on the time-skipping
// server; its Prometheus endpoint is scraped over HTTP on loopback and shows the SDK's
// own metrics and the checkout counters with their labels, and the SDK's, workflows'
// and activities' log lines come out of our pino logger as redacted JSON.
import { PassThrough } from 'node:stream';
import type { Runtime } from '@temporalio/worker';
import { createLogger } from '../../src/logging/logger';
import { freePort } from '../helpers/free-port';
import type * as HarnessModule from '../workflows/support/harness';
import type * as RuntimeModule from '../../src/worker/runtime';
import type * as SandboxesModule from '../workflows/support/sandboxes';
import type * as ExpectationsModule from '../workflows/support/expectations';
import type * as ScenariosModule from '../workflows/support/scenarios';

jest.setTimeout(120_000);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format, one sample a line (no label value here holds `"` or `,`). */
function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
    );
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

let metricsUrl: string;
let h: HarnessModule.Harness;
let support: {
  harness: typeof HarnessModule;
  scenarios: typeof ScenariosModule;
  expectations: typeof ExpectationsModule;
};
let runtime: Runtime;
const lines: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  const destination = new PassThrough();
  let pending = '';
  destination.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString()).split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
  });
  // The runtime is process-wide and jest's setup already installed a quiet one: this file
  // installs the worker's in a module registry of its own, with everything that uses it.
  await jest.isolateModulesAsync(async () => {
    const { installWorkerRuntime } = (await import('../../src/worker/runtime')) as typeof RuntimeModule;
    runtime = installWorkerRuntime({
      logger: createLogger({ level: 'debug', name: 'checkout-worker', destination }),
      logLevel: 'debug',
      metrics: { host: '127.0.0.1', port },
    });
    const harness = (await import('../workflows/support/harness')) as typeof HarnessModule;
    const { startIwocaPay, startWeGetFinancing } = (await import(
      '../workflows/support/sandboxes'
    )) as typeof SandboxesModule;
    support = {
      harness,
      scenarios: (await import('../workflows/support/scenarios')) as typeof ScenariosModule,
      expectations: (await import('../workflows/support/expectations')) as typeof ExpectationsModule,
    };
    h = await harness.createHarness([startWeGetFinancing, startIwocaPay]);
  });
}, 120_000);
afterAll(() => h?.close());

async function scrape(): Promise<Sample[]> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  return samplesOf(await response.text());
}

/** Metrics reach the exporter shortly after the activation that emitted them. */
async function valueOf(name: string, labels: Record<string, string>, atLeast = 1): Promise<number> {
  const matching = (samples: Sample[]) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  const until = Date.now() + 10_000;
  for (;;) {
    const value = matching(await scrape());
    if (value >= atLeast || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('worker metrics on WORKER_METRICS_HOST:PORT', () => {
  it('counts decisions by provider and reason, next to the SDK own metrics', async () => {
    await h.withWorker(async (tq) => {
      const paid = await h.start('wegetfinancing', tq);
      await h.sandbox('wegetfinancing').act(paid.session.providerReference, 'approve');
      expect(await h.decisionOf(paid.handle)).toMatchObject({ status: 'completed' });
      const declined = await h.start('wegetfinancing', tq);
      await h.sandbox('wegetfinancing').act(declined.session.providerReference, 'decline');
      expect(await h.decisionOf(declined.handle)).toMatchObject({ status: 'cancelled' });

      const ours = { provider: 'wegetfinancing', taskQueue: tq, workflowType: 'checkoutWorkflow' };
      expect(await valueOf('checkout_completed_total', { ...ours, reason: 'paid' })).toBe(1);
      expect(await valueOf('checkout_cancelled_total', { ...ours, reason: 'declined' })).toBe(1);
      expect(await valueOf('temporal_workflow_completed_total', { task_queue: tq })).toBeGreaterThanOrEqual(
        1,
      );
      // The store writes run as local activities on the checkout's own queue.
      expect(
        await valueOf('temporal_local_activity_execution_latency_count', { task_queue: tq }),
      ).toBeGreaterThan(0);
      // No checkout id, order id or amount ever becomes a label.
      const labelValues = (await scrape()).flatMap((s) => Object.values(s.labels));
      expect(labelValues).not.toContain(paid.checkoutId);
      expect(labelValues).not.toContain('1344.00');
    });
  });

  it('counts a payment after a cancel as a late event and an attention raised', async () => {
    await h.withWorker(async (tq) => {
      const { handle, session } = await h.start('wegetfinancing', tq);
      await support.expectations.sendMerchantCancel(h, handle);
      await support.harness.waitForState(handle, (s) => s.status === 'cancelled', 'the cancel');
      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      await support.harness.waitForState(handle, (s) => (s.attention ?? []).length > 0, 'the late payment');
      const labels = { provider: 'wegetfinancing', taskQueue: tq };
      expect(await valueOf('checkout_cancelled_total', { ...labels, reason: 'merchantCancelled' })).toBe(1);
      expect(await valueOf('checkout_late_events_total', labels)).toBe(1);
      expect(await valueOf('checkout_attention_raised_total', { ...labels, kind: 'paidAfterCancel' })).toBe(
        1,
      );
    });
  });

  // The reads are a watch activity's attempts (workflows/watch.ts), each counted by the
  // activity under the checkout's task queue: three failed (each after its three tries of a
  // 503), then the fourth found the payment.
  it('counts status reads by provider and outcome, a failed read as failed', async () => {
    await h.withWorker(async (tq) => {
      const { handle, session } = await h.start('iwocapay', tq);
      await h.sandbox('iwocapay').control('faults', { operation: 'status', status: 503, times: 9 });
      await h.sandbox('iwocapay').act(session.providerReference, 'approve', { delivery: { drop: true } });
      expect(await handle.result()).toMatchObject({ status: 'completed', polls: 4, pollFailures: 0 });
      const labels = { provider: 'iwocapay', taskQueue: tq };
      expect(await valueOf('checkout_polls_total', { ...labels, outcome: 'failed' })).toBe(3);
      expect(await valueOf('checkout_polls_total', { ...labels, outcome: 'fulfil' })).toBe(1);
      expect(await valueOf('checkout_completed_total', { ...labels, reason: 'paid' })).toBe(1);
      // The SDK's own failure count has the three 503s only: the attempt that armed the
      // watch (a StatusUnchanged, BENIGN) is the schedule, not a fault for ops' dashboards.
      const watchLabels = { activity_type: 'watchProviderStatus', task_queue: `${tq}-provider-iwocapay` };
      expect(await valueOf('temporal_activity_execution_failed_total', watchLabels, 3)).toBe(3);
    });
  });
});

describe('worker logs', () => {
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('are JSON lines of our logger for the SDK, the workflows and the activities', async () => {
    await h.withWorker((tq) => support.scenarios.expectLostWebhookFoundByFirstPoll(h, 'iwocapay', tq));
    const entries = parsed();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry).toMatchObject({ name: 'checkout-worker', msg: expect.any(String) });
      expect(typeof entry.time).toBe('string');
    }
    // Workflow lines come from inside the workflow sandbox (its `log`), activity lines from the activity context.
    expect(entries).toContainEqual(
      expect.objectContaining({
        msg: 'Workflow completed',
        workflowType: 'checkoutWorkflow',
        level: 'debug',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'Activity completed', activityType: 'watchProviderStatus' }),
    );
    // The native core's own lines too, rather than its own format on stderr.
    expect(entries).toContainEqual(expect.objectContaining({ sdkComponent: 'core' }));
  });

  it('redact secrets that reach the runtime logger (the one workflow and activity log use)', async () => {
    const secret = 'sk_live_0123456789abcdef0123456789abcdef';
    runtime.logger.warn('provider call failed', {
      sdkComponent: 'activity',
      apiKey: secret,
      // The SDK puts an activity's task token in its log context: it can complete the activity.
      taskToken: secret,
      request: { headers: { authorization: `Bearer ${secret}` } },
      error: new Error('status 503'),
    });
    await support.expectations.waitFor(
      () => lines.some((line) => line.includes('provider call failed')),
      'the line through the runtime log buffer',
    );
    const line = lines.find((candidate) => candidate.includes('provider call failed')) as string;
    expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      level: 'warn',
      apiKey: '[redacted]',
      taskToken: '[redacted]',
      request: { headers: { authorization: '[redacted]' } },
      err: { message: 'status 503' },
    });
  });
});
