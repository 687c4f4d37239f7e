// Keeps a product process (worker, gateway) running under the dev stack the way a process
// manager would in production, without hiding a broken start behind an endless restart:
// - a process that exits before it announced it is ready (readiness.ts) failed to start
//   (bad configuration, port taken): nothing is restarted, the caller stops the stack
//   with that exit code;
// - a process that crashes after it was ready is restarted after 1 s, 2 s, 4 s ... (capped),
//   and given up on after too many crashes in a window.
// It stops a process with SIGTERM so it drains.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { isReadyMessage } from './readiness';
import { terminate } from './terminate';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export interface CrashLimit {
  /** More crashes than this within `windowMs` and the supervisor gives up. */
  count: number;
  windowMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000 };
export const DEFAULT_CRASH_LIMIT: CrashLimit = { count: 5, windowMs: 5 * 60_000 };
const DEFAULT_READY_TIMEOUT_MS = 120_000;

export interface ExitEvent {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RestartEvent extends ExitEvent {
  /** Crashes within the window so far, this one included. */
  crashes: number;
  delayMs: number;
}

export interface SupervisorFailure extends ExitEvent {
  reason: 'exited-before-ready' | 'not-ready-in-time' | 'crash-loop';
  /** What the stack should exit with: the child's own non-zero code, else 1. */
  exitCode: number;
  message: string;
}

export interface SuperviseOptions {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  backoff?: Backoff;
  crashLimit?: CrashLimit;
  /** How long the first start may take before the process counts as failed. */
  readyTimeoutMs?: number;
  onRestart?: (event: RestartEvent) => void;
  /** The process will not be restarted; the caller decides what happens to the rest. */
  onGiveUp: (failure: SupervisorFailure) => void;
}

export interface SupervisedProcess {
  name: string;
  pid(): number | undefined;
  /** Resolves the first time the process announces it is ready. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Delay before restart number `crashes` (1-based): initial, doubled each time, capped. */
export function restartDelay(crashes: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, crashes - 1));
}

export function supervise(options: SuperviseOptions): SupervisedProcess {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const limit = options.crashLimit ?? DEFAULT_CRASH_LIMIT;
  let child: ChildProcess | undefined;
  let stopping = false;
  let everReady = false;
  let crashTimes: number[] = [];
  let restartTimer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const giveUp = (reason: SupervisorFailure['reason'], exit: ExitEvent, message: string) => {
    stopping = true;
    const exitCode = exit.code !== null && exit.code !== 0 ? exit.code : 1;
    options.onGiveUp({ ...exit, reason, exitCode, message });
  };

  const start = () => {
    const current = spawn(process.execPath, [options.script], {
      env: options.env,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    child = current;
    let readyHere = false;
    const readyTimer = everReady
      ? undefined
      : setTimeout(() => {
          if (stopping || readyHere) return;
          const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
          giveUp(
            'not-ready-in-time',
            { name: options.name, code: null, signal: null },
            `${options.name} was not ready within ${timeoutMs} ms`,
          );
          void terminate(current);
        }, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
    current.on('message', (message) => {
      if (!isReadyMessage(message) || readyHere) return;
      readyHere = true;
      everReady = true;
      clearTimeout(readyTimer);
      markReady();
    });
    current.once('exit', (code, signal) => {
      clearTimeout(readyTimer);
      if (stopping) return;
      const exit = { name: options.name, code, signal };
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      if (!everReady) {
        giveUp('exited-before-ready', exit, `${options.name} exited before it was ready (${how})`);
        return;
      }
      // Once it has run, a failed restart (e.g. Temporal briefly away) is one more crash.
      const now = Date.now();
      crashTimes = [...crashTimes.filter((at) => now - at < limit.windowMs), now];
      if (crashTimes.length > limit.count) {
        const message = `${options.name} crashed ${crashTimes.length} times within ${limit.windowMs} ms (last: ${how})`;
        giveUp('crash-loop', exit, message);
        return;
      }
      const delayMs = restartDelay(crashTimes.length, backoff);
      options.onRestart?.({ ...exit, crashes: crashTimes.length, delayMs });
      restartTimer = setTimeout(() => {
        if (!stopping) start();
      }, delayMs);
    });
  };
  start();

  return {
    name: options.name,
    pid: () => child?.pid,
    ready,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (child) await terminate(child);
    },
  };
}
