// Keeps a product process (worker, gateway) running under the dev stack: restarts it
// when it dies unexpectedly, the way a process manager would in production, and stops
// it with SIGTERM so it drains.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { terminate } from './terminate';

export interface SupervisedProcess {
  name: string;
  pid(): number | undefined;
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  onRestart?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

const RESTART_DELAY_MS = 1_000;

export function supervise(options: SuperviseOptions): SupervisedProcess {
  let child: ChildProcess | undefined;
  let stopping = false;

  const start = () => {
    const current = spawn(process.execPath, [options.script], { env: options.env, stdio: 'inherit' });
    child = current;
    current.once('exit', (code, signal) => {
      if (stopping) return;
      options.onRestart?.(options.name, code, signal);
      setTimeout(() => {
        if (!stopping) start();
      }, RESTART_DELAY_MS);
    });
  };
  start();

  return {
    name: options.name,
    pid: () => child?.pid,
    async stop() {
      stopping = true;
      if (child) await terminate(child);
    },
  };
}
