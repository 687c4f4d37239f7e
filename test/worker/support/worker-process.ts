// What the worker-process tests share: a Temporal dev server of their own (SQLite in the
// test's folder) and the compiled worker started the way production starts it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startTemporalDevServer } from '../../../src/devstack/temporal-dev-server';
import type { TemporalDevServer } from '../../../src/devstack/temporal-dev-server';
import { isReadyMessage } from '../../../src/devstack/readiness';
import { resolveToolchain } from '../../../src/temporal/toolchain';
import { freePort } from '../../helpers/free-port';

export async function startDevServer(workDir: string): Promise<TemporalDevServer> {
  const { cliPath } = resolveToolchain();
  if (!cliPath) throw new Error('no Temporal CLI: run scripts/temporal-toolchain.sh');
  return startTemporalDevServer({
    cliPath,
    ip: '127.0.0.1',
    port: await freePort(),
    dbFile: join(workDir, 'temporal.sqlite'),
    namespace: 'default',
    stdio: 'ignore',
  });
}

/** The compiled worker of `dist`; stdout piped, so a caller can read its log lines. */
export function spawnWorker(dist: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(dist, 'src', 'worker', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
}

/** Resolves once the worker announced it is ready (src/devstack/readiness.ts). */
export function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not get ready')), timeoutMs);
    child.on('message', (message) => {
      if (!isReadyMessage(message)) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code})`)));
  });
}
