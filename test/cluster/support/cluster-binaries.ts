// Where scripts/temporal-cluster.sh put the Temporal server, its SQL schema tool and the
// release's own files (schema, config template). Missing binaries fail the test with the
// command that builds them: CI builds them in its own phase, so a skip would hide a gap.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../e2e/support/build';

export interface ClusterBinaries {
  version: string;
  serverPath: string;
  sqlToolPath: string;
  /** The release's schema/postgresql/v12 folder. */
  schemaDir: string;
  /** The Go module the binaries were built from: its config/ holds the docker template. */
  moduleDir: string;
}

export const CLUSTER_CACHE =
  process.env.TEMPORAL_CLUSTER_CACHE || join(PROJECT_ROOT, '.cache', 'temporal-cluster');
const ENV_FILE = join(CLUSTER_CACHE, 'cluster.env');
const BUILD_HINT =
  'run `bash scripts/temporal-cluster.sh` (needs Go; builds the server from its Go module once)';

function readEnvFile(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('='));
  return Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

export function clusterBinaries(): ClusterBinaries {
  if (!existsSync(ENV_FILE)) throw new Error(`No Temporal server build at ${CLUSTER_CACHE}: ${BUILD_HINT}`);
  const env = readEnvFile(ENV_FILE);
  const found = {
    version: env.TEMPORAL_SERVER_VERSION ?? '',
    serverPath: env.TEMPORAL_SERVER_PATH ?? '',
    sqlToolPath: env.TEMPORAL_SQL_TOOL_PATH ?? '',
    schemaDir: env.TEMPORAL_SCHEMA_DIR ?? '',
  };
  for (const path of [found.serverPath, found.sqlToolPath, found.schemaDir]) {
    if (!path || !existsSync(path)) throw new Error(`${path || ENV_FILE} is missing: ${BUILD_HINT}`);
  }
  return { ...found, moduleDir: join(found.schemaDir, '..', '..', '..') };
}
