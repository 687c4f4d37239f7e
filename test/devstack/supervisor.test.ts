// The supervisor with a tiny real child process: a process that never became ready is not
// restarted (the stack stops with its exit code); one that crashes after it was ready is
// restarted with a growing delay and given up on after too many crashes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restartDelay, supervise } from '../../src/devstack/supervisor';
import type { RestartEvent, SupervisedProcess, SupervisorFailure } from '../../src/devstack/supervisor';

const CHILD = join(__dirname, 'fixtures', 'child.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let running: SupervisedProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function starts(): number[] {
  const file = join(dir, 'starts');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

function run(mode: string, options: { readyTimeoutMs?: number } = {}) {
  const restarts: RestartEvent[] = [];
  let resolveFailure: (failure: SupervisorFailure) => void = () => {};
  const failed = new Promise<SupervisorFailure>((resolve) => (resolveFailure = resolve));
  running = supervise({
    name: 'child',
    script: CHILD,
    env: { PATH: process.env.PATH, MODE: mode, STARTS_FILE: join(dir, 'starts') },
    backoff: { initialMs: 200, maxMs: 5_000 },
    crashLimit: { count: 3, windowMs: 60_000 },
    readyTimeoutMs: options.readyTimeoutMs,
    onRestart: (event) => restarts.push(event),
    onGiveUp: resolveFailure,
  });
  return { restarts, failed };
}

it('does not restart a process that exits before it is ready, and reports its exit code', async () => {
  const { restarts, failed } = run('fail-at-start');
  const failure = await failed;
  expect(failure).toMatchObject({ reason: 'exited-before-ready', code: 3, exitCode: 3 });
  expect(failure.message).toBe('child exited before it was ready (exit code 3)');
  // Longer than the old fixed one-second restart delay: still a single start.
  await sleep(1_500);
  expect(starts()).toHaveLength(1);
  expect(restarts).toEqual([]);
});

it('restarts a process that crashed after it was ready, each time later, then gives up', async () => {
  const { restarts, failed } = run('ready-then-crash');
  const failure = await failed;
  expect(failure).toMatchObject({ reason: 'crash-loop', code: 5, exitCode: 5 });
  expect(restarts.map((event) => event.delayMs)).toEqual([200, 400, 800]);
  const times = starts();
  // The first start and three restarts; the fourth crash is one too many.
  expect(times).toHaveLength(4);
  const gaps = times.slice(1).map((at, index) => at - (times[index] as number));
  gaps.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual(restarts[index]?.delayMs as number));
  await sleep(1_000);
  expect(starts()).toHaveLength(4);
});

it('stops a running process without restarting it', async () => {
  run('ready-then-run');
  await running?.ready;
  await running?.stop();
  await sleep(500);
  expect(starts()).toHaveLength(1);
});

it('gives up on a process that never announces it is ready', async () => {
  const { failed } = run('never-ready', { readyTimeoutMs: 300 });
  const failure = await failed;
  expect(failure).toMatchObject({ reason: 'not-ready-in-time', exitCode: 1 });
  await sleep(500);
  expect(starts()).toHaveLength(1);
});

it('doubles the restart delay from one second and caps it', () => {
  expect([1, 2, 3, 4, 5, 6, 7].map((crashes) => restartDelay(crashes))).toEqual([
    1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
  ]);
});
