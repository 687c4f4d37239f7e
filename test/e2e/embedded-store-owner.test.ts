// The embedded order store belongs to one worker process: real worker processes (the
// built product) on one PGlite folder against a real Temporal dev server. A second
// worker refuses to start and names the first one's pid; a worker killed without
// a chance to clean up leaves a lock that the next worker takes over; production
// without DATABASE_URL refuses to start at all.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { isReadyMessage } from '../../src/devstack/readiness';
import { exitOf, terminate } from '../../src/devstack/terminate';
import { lockPathFor } from '../../src/store/folder-lock';
import { createDevServerEnv } from '../helpers/temporal-env';
import { buildProduct } from './support/build';
import { E2E_PAYLOAD_CODEC_KEYS } from './support/stack';

jest.setTimeout(240_000);

let dist: string;
let env: TestWorkflowEnvironment;
const workDir = mkdtempSync(join(tmpdir(), 'e2e-store-owner-'));
const dataDir = join(workDir, 'orders');
const children: ChildProcess[] = [];

beforeAll(async () => {
  dist = buildProduct('store-owner');
  env = await createDevServerEnv();
}, 240_000);

afterAll(async () => {
  for (const child of children) await terminate(child, 'SIGKILL');
  await env?.teardown();
  rmSync(workDir, { recursive: true, force: true });
});

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves 'ready' when the worker announced it polls, or 'exited' with its code. */
  outcome: Promise<{ kind: 'ready' } | { kind: 'exited'; code: number | null }>;
}

function startWorker(extraEnv: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(process.execPath, [join(dist, 'src', 'worker', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      TEMPORAL_ADDRESS: env.address,
      ORDER_STORE_DATA_DIR: dataDir,
      TEMPORAL_TASK_QUEUE: 'store-owner',
      // Any free port: two workers run at once here.
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const outcome = new Promise<{ kind: 'ready' } | { kind: 'exited'; code: number | null }>((resolve) => {
    child.on('message', (message) => {
      if (isReadyMessage(message)) resolve({ kind: 'ready' });
    });
    child.once('exit', (code) => resolve({ kind: 'exited', code }));
  });
  return { child, output: () => text, outcome };
}

it('lets one worker own the folder, refuses a second, and recovers a dead owner’s lock', async () => {
  const first = startWorker();
  await expect(first.outcome).resolves.toEqual({ kind: 'ready' });

  const second = startWorker();
  await expect(second.outcome).resolves.toEqual({ kind: 'exited', code: 1 });
  expect(second.output()).toContain(`held by another worker process (pid ${first.child.pid})`);
  expect(first.child.exitCode).toBeNull(); // the owner runs on

  // SIGKILL: no shutdown, the lock file stays behind with a pid that is gone.
  await terminate(first.child, 'SIGKILL');
  expect(existsSync(lockPathFor(dataDir))).toBe(true);
  const third = startWorker();
  await expect(third.outcome).resolves.toEqual({ kind: 'ready' });

  // A clean stop gives the folder back.
  await terminate(third.child, 'SIGTERM');
  expect(third.child.exitCode).toBe(0);
  expect(existsSync(lockPathFor(dataDir))).toBe(false);
});

it('refuses to start in production without DATABASE_URL', async () => {
  const worker = startWorker({ NODE_ENV: 'production', PAYLOAD_CODEC_KEYS: E2E_PAYLOAD_CODEC_KEYS });
  await expect(worker.outcome).resolves.toEqual({ kind: 'exited', code: 1 });
  await exitOf(worker.child);
  expect(worker.output()).toContain('DATABASE_URL is required with NODE_ENV=production');
});
