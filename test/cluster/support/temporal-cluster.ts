// A Temporal cluster the way docker-compose.yml runs one, without Docker: the server
// binary of the same release on PostgreSQL, its two databases set up by the release's
// temporal-sql-tool through scripts/temporal-schema.sh (the compose temporal-schema job),
// its config rendered from the release's own docker template with the variables compose
// sets, then the namespace and search attributes by scripts/temporal-namespace.sh (the
// compose temporal-setup job). Every port is a free loopback port.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { exitOf, terminate } from '../../../src/devstack/terminate';
import { PROJECT_ROOT } from '../../e2e/support/build';
import { freePort } from '../../helpers/free-port';
import type { PostgresServer } from '../../helpers/postgres-server';
import type { ClusterBinaries } from './cluster-binaries';

const run = promisify(execFile);
/** The scripts compose's temporal-schema and temporal-setup jobs run (docker-compose.yml). */
export const SCHEMA_SCRIPT = join(PROJECT_ROOT, 'scripts', 'temporal-schema.sh');
export const NAMESPACE_SCRIPT = join(PROJECT_ROOT, 'scripts', 'temporal-namespace.sh');
/** The database user compose gives Temporal (POSTGRES_USER of temporal-db). */
const TEMPORAL_DB_USER = 'temporal';

export interface TemporalCluster {
  /** host:port of the frontend */
  address: string;
  server: ChildProcess;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  binaries: ClusterBinaries;
  cliPath: string;
  postgres: PostgresServer;
  workDir: string;
}

/** Output of a setup step, kept for the error message when the step fails. */
async function step(name: string, file: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run('sh', [file], { env: { PATH: process.env.PATH, ...env }, timeout: 120_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${name} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

async function createTemporalRole(postgres: PostgresServer): Promise<void> {
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${TEMPORAL_DB_USER} LOGIN CREATEDB`);
  } finally {
    await admin.end();
  }
}

/** A loopback port free now, or undefined when it is taken. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(port)));
  });
}

/**
 * The cluster_membership table keeps a host's membership port in a smallint, so a port
 * from the kernel's ephemeral range (32768 and up) stops the server at start-up.
 */
async function freeMembershipPort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const found = await probe(20_000 + Math.floor(Math.random() * 12_000));
    if (found !== undefined) return found;
  }
  throw new Error('no free loopback port below 32000 for a membership port');
}

async function serverPorts(): Promise<Record<string, string>> {
  const ports: Record<string, string> = {};
  for (const service of ['FRONTEND', 'HISTORY', 'MATCHING', 'WORKER']) {
    ports[`${service}_GRPC_PORT`] = String(await freePort());
    ports[`${service}_MEMBERSHIP_PORT`] = String(await freeMembershipPort());
  }
  ports.FRONTEND_HTTP_PORT = String(await freePort());
  return ports;
}

/** The last lines of the server's log, short enough for an error message. */
function logTail(file: string): string {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-8);
  return lines.map((line) => line.slice(0, 400)).join('\n');
}

/**
 * The variables compose's `temporal` service gives temporalio/server (DB, DB_PORT,
 * POSTGRES_*, BIND_ON_IP), for loopback instead of the compose network; the release's
 * config/docker.yaml template renders them (test/compose/ checks both lists agree).
 */
export function serverEnvironment(options: {
  postgresPort: number;
  moduleDir: string;
}): Record<string, string> {
  return {
    DB: 'postgres12',
    DB_PORT: String(options.postgresPort),
    // The template reads the visibility store's port from its own variable (default 5432).
    VISIBILITY_DB_PORT: String(options.postgresPort),
    POSTGRES_SEEDS: '127.0.0.1',
    POSTGRES_USER: TEMPORAL_DB_USER,
    POSTGRES_PWD: '',
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: join(options.moduleDir, 'config', 'dynamicconfig', 'docker.yaml'),
  };
}

export async function startTemporalCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const { binaries, cliPath, postgres, workDir } = options;
  await createTemporalRole(postgres);
  await step('temporal-schema.sh', SCHEMA_SCRIPT, {
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: '127.0.0.1',
    SQL_PORT: String(postgres.port),
    SQL_USER: TEMPORAL_DB_USER,
    SQL_PASSWORD: '',
    SCHEMA_DIR: binaries.schemaDir,
    TEMPORAL_SQL_TOOL: binaries.sqlToolPath,
  });

  const ports = await serverPorts();
  const logFile = join(workDir, 'temporal-server.log');
  const log = openSync(logFile, 'a');
  const server = spawn(
    binaries.serverPath,
    ['--root', binaries.moduleDir, '--config', 'config', '--env', 'docker', '--allow-no-auth', 'start'],
    {
      env: {
        PATH: process.env.PATH,
        ...serverEnvironment({ postgresPort: postgres.port, moduleDir: binaries.moduleDir }),
        // Two workers, two gateways and the server share one test PostgreSQL.
        SQL_MAX_CONNS: '10',
        SQL_MAX_IDLE_CONNS: '10',
        SQL_VIS_MAX_CONNS: '5',
        SQL_VIS_MAX_IDLE_CONNS: '5',
        LOG_LEVEL: 'warn',
        ...ports,
      },
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log); // the server holds its own copy
  const address = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  const stop = () => terminate(server);
  // A server that exits at start-up fails the set-up at once, not after the script's waits.
  const exited = exitOf(server).then(() => {
    throw new Error(`temporal-server exited (${server.exitCode ?? server.signalCode})`);
  });
  try {
    await Promise.race([
      exited,
      step('temporal-namespace.sh', NAMESPACE_SCRIPT, {
        // The CLI reads its client config from $HOME: an empty one here, not the user's.
        HOME: workDir,
        TEMPORAL_ADDRESS: address,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_CLI: cliPath,
      }),
    ]);
  } catch (error) {
    await stop();
    // The work folder goes at teardown: keep the whole log where CI can pick it up.
    const kept = join(tmpdir(), `temporal-cluster-${server.pid}.log`);
    copyFileSync(logFile, kept);
    throw new Error(
      `${(error as Error).message}\ntemporal-server log (${kept}), last lines:\n${logTail(logFile)}`,
    );
  }
  exited.catch(() => undefined);
  return { address, server, stop };
}
