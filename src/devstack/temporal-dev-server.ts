// Runs the Temporal CLI dev server as a child process: SQLite in a file (so checkouts
// survive a restart), the Web UI, and the product's search attributes registered.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { exitOf, terminate } from './terminate';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export interface TemporalDevServerOptions {
  cliPath: string;
  ip: string;
  port: number;
  /** Web UI port; undefined runs headless. */
  uiPort?: number;
  /** The codec server the Web UI decodes payloads through (its URL carries the key). */
  uiCodecEndpoint?: string;
  dbFile: string;
  namespace: string;
  /**
   * How long closed workflows are kept (a Go duration, e.g. "168h"), set on the namespace
   * at every start so it is explicit, not the dev server's default. Undefined leaves it.
   */
  retention?: string;
  /** Where the server's own output goes (default: inherited). */
  stdio?: 'inherit' | 'ignore';
}

export interface TemporalDevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function temporalDevServerArgs(options: TemporalDevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', options.ip, '--port', String(options.port)];
  args.push('--db-filename', options.dbFile, '--namespace', options.namespace, '--log-level', 'error');
  args.push(...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.uiPort !== undefined && options.uiCodecEndpoint !== undefined)
    args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  // The CLI's spelling of the type: Keyword, Bool, …
  for (const key of CHECKOUT_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`);
  return args;
}

/** Resolves once the frontend answers, or rejects after `timeoutMs`. */
export async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not come up: ${String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * What `temporal operator namespace update --retention` does, over the SDK's connection:
 * the CLI would need a HOME for its client config, which a supervised stack may not have.
 */
export async function setNamespaceRetention(
  address: string,
  namespace: string,
  retention: string,
): Promise<void> {
  const hours = /^([1-9]\d*)h$/.exec(retention);
  if (!hours) throw new Error('the retention must be a number of hours, e.g. 168h');
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.updateNamespace({
      namespace,
      config: { workflowExecutionRetentionTtl: msToTs(Number(hours[1]) * 3_600_000) },
    });
  } finally {
    await connection.close();
  }
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const child = spawn(options.cliPath, temporalDevServerArgs(options), { stdio: options.stdio ?? 'inherit' });
  const address = `${options.ip}:${options.port}`;
  const exited = exitOf(child);
  const stop = () => terminate(child);
  try {
    await Promise.race([
      waitForTemporal(address, 60_000),
      exited.then(() => {
        throw new Error(`the Temporal dev server exited at start (code ${child.exitCode})`);
      }),
    ]);
    if (options.retention !== undefined)
      await setNamespaceRetention(address, options.namespace, options.retention);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, process: child, stop };
}
