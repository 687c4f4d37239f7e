// Starts a throwaway PostgreSQL cluster for tests: initdb in a temp folder, pg_ctl start
// on 127.0.0.1 with a free port, trust auth, fsync off; stop() kills it and removes the
// folder. PostgreSQL refuses to run as root, so as root the cluster belongs to the
// 'postgres' system user (created by Debian's postgresql package) and runs via runuser.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);
const TOOLS = ['initdb', 'pg_ctl', 'postgres'] as const;

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  /** Milliseconds initdb + start took. */
  startupMs: number;
  /** Shuts the server down (fast: open connections are cut) and keeps its data. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** The folder holding initdb, pg_ctl and postgres, or undefined when they are not installed. */
export function findPostgresBin(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  // Debian installs the binaries outside PATH, one folder per major version; newest first.
  const debianRoot = '/usr/lib/postgresql';
  const debian = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(debianRoot, version, 'bin'))
    : [];
  return [...debian, ...onPath].find((dir) => TOOLS.every((tool) => existsSync(join(dir, tool))));
}

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export interface PostgresOptions {
  /** A Temporal server's connection pools need more than the default 50. */
  maxConnections?: number;
}

export async function startPostgres(bin: string, options: PostgresOptions = {}): Promise<PostgresServer> {
  const started = Date.now();
  const isRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'order-store-pg-'));
  if (isRoot) {
    const owner = await postgresUid();
    await chown(dir, owner.uid, owner.gid);
  }
  const asOwner = (tool: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);

  const dataDir = join(dir, 'data');
  const port = await freePort();
  // -k puts the unix socket in our folder, not the shared /var/run/postgresql.
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=${options.maxConnections ?? 50}`;
  const startServer = () =>
    asOwner('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', 'start']);
  try {
    await asOwner('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await startServer();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    startupMs: Date.now() - started,
    async halt() {
      await asOwner('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    async resume() {
      await startServer();
    },
    async stop() {
      await asOwner('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
