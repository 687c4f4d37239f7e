// Benchmark, not a test (run: npm run bench:create-path).
// Where one POST /checkouts spends its time on the real dev server, worker, gateway and
// PGlite: each Temporal call the gateway makes (timed through the client's interceptors),
// the workflow's own steps (from its history), and p50s against a bare Update-With-Start
// whose update answers after one activity. Prints figures; asserts nothing about speed.
import { randomUUID } from 'node:crypto';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { checkoutWorkflowId } from '../../workflows/contract';
import { startHarness } from './support/harness';
import type { Harness } from './support/harness';
import { api, checkoutBody } from './support/http';
import { bareSessionUpdate, bareSessionWorkflow } from './support/bare-session-workflow';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);

interface Call {
  name: string;
  startedAt: number;
  endedAt: number;
}
const calls: Call[] = [];

function timed<I, O>(name: string) {
  return async (input: I, next: (input: I) => Promise<O>): Promise<O> => {
    const startedAt = performance.now();
    try {
      return await next(input);
    } finally {
      calls.push({ name, startedAt, endedAt: performance.now() });
    }
  };
}

const timing: WorkflowClientInterceptor = {
  describe: timed('describe'),
  query: timed('query'),
  startUpdateWithStart: timed('updateWithStart'),
};

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))] ?? NaN;
}
function summary(name: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `${name.padEnd(44)} n=${s.length} p50=${p(s, 50).toFixed(0)} ms p95=${p(s, 95).toFixed(0)} ms`;
}

async function pool(count: number, limit: number, work: () => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  let left = count;
  const lane = async () => {
    while (left-- > 0) {
      const started = performance.now();
      await work();
      durations.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return durations;
}

let h: Harness;
let bare: Worker;
let bareRun: Promise<void>;
const bareQueue = `bare-${randomUUID()}`;

beforeAll(async () => {
  h = await startHarness({ clientInterceptors: { workflow: [timing] } });
  bare = await Worker.create({
    connection: h.env.nativeConnection,
    taskQueue: bareQueue,
    workflowsPath: require.resolve('./support/bare-session-workflow'),
    activities: {
      async bareCreateSession(checkoutId: string) {
        return { redirectUrl: `http://127.0.0.1/pay/${checkoutId}` };
      },
    },
  });
  bareRun = bare.run();
}, 120_000);
afterAll(async () => {
  bare?.shutdown();
  await bareRun;
  await h?.close();
});

async function createOne(): Promise<string> {
  const answer = await api(h.url, 'POST', '/checkouts', checkoutBody('wegetfinancing'));
  if (answer.status !== 201) throw new Error(`POST /checkouts answered ${answer.status}: ${answer.text}`);
  return (answer.json as { checkoutId: string }).checkoutId;
}

async function bareOne(): Promise<void> {
  const id = `bare-${randomUUID()}`;
  const operation = new WithStartWorkflowOperation(bareSessionWorkflow, {
    workflowId: id,
    taskQueue: bareQueue,
    args: [id],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await h.client.workflow.executeUpdateWithStart(bareSessionUpdate, { startWorkflowOperation: operation });
}

/** The workflow's steps from its history, in ms after the workflow started. */
async function workflowSteps(checkoutId: string): Promise<string> {
  const history = await h.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).fetchHistory();
  const events = history.events ?? [];
  const t0 = Number(events[0]?.eventTime?.seconds ?? 0) * 1000 + (events[0]?.eventTime?.nanos ?? 0) / 1e6;
  return events
    .slice(0, 40)
    .map((e) => {
      const at = Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6 - t0;
      const type = String(e.eventType ?? '').replace('EVENT_TYPE_', '');
      const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
      return `${at.toFixed(0).padStart(5)} ${type}${activity ? ` ${activity}` : ''}`;
    })
    .join('\n');
}

it('measures POST /checkouts step by step and against a bare update-with-start', async () => {
  // Warm up: bundles, caches, connections.
  for (let i = 0; i < 3; i++) {
    await createOne();
    await bareOne();
  }

  const lines: string[] = [];
  const sequential: number[] = [];
  const perCall = new Map<string, number[]>();
  let lastId = '';
  for (let i = 0; i < RUNS; i++) {
    calls.length = 0;
    const started = performance.now();
    lastId = await createOne();
    const ended = performance.now();
    sequential.push(ended - started);
    const outside = calls.reduce((sum, c) => sum + (c.endedAt - c.startedAt), 0);
    const tag = calls.map((c) => `${c.name}:${(c.endedAt - c.startedAt).toFixed(0)}`).join(' ');
    if (i < 3)
      lines.push(
        `  run ${i}: total ${(ended - started).toFixed(0)} ms, temporal ${outside.toFixed(0)} ms: ${tag}`,
      );
    for (const c of calls) {
      const list = perCall.get(c.name) ?? [];
      list.push(c.endedAt - c.startedAt);
      perCall.set(c.name, list);
    }
    const counted = new Map<string, number>();
    for (const c of calls) counted.set(c.name, (counted.get(c.name) ?? 0) + 1);
    if (i === 0) lines.push(`  calls per request: ${[...counted].map(([n, k]) => `${n}×${k}`).join(' ')}`);
  }
  const bareSequential = await pool(RUNS, 1, bareOne);
  const concurrent = await pool(RUNS * 2, CONCURRENCY, async () => void (await createOne()));
  const bareConcurrent = await pool(RUNS * 2, CONCURRENCY, bareOne);

  console.log(
    [
      'POST /checkouts (wegetfinancing) on the dev server',
      ...lines,
      ...[...perCall].map(([name, ms]) => summary(`  ${name} (each)`, ms)),
      summary('POST /checkouts sequential', sequential),
      summary('bare update-with-start sequential', bareSequential),
      summary(`POST /checkouts concurrency ${CONCURRENCY}`, concurrent),
      summary(`bare update-with-start concurrency ${CONCURRENCY}`, bareConcurrent),
      'one workflow history (ms after start):',
      await workflowSteps(lastId),
    ].join('\n'),
  );
}, 600_000);
