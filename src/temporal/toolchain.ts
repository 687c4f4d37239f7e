// Where the Temporal binaries are: what scripts/temporal-toolchain.sh resolved, with
// the environment winning. An empty answer means "let the SDK download its own".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface TemporalToolchain {
  /** Temporal CLI, for the dev server. */
  cliPath?: string;
  /** Wrapper script that execs the Java time-skipping test server. */
  testServerPath?: string;
}

/** The folder holding package.json: from src/ under ts, from dist/src/ when built. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const TOOLCHAIN_FILE = join(PROJECT_ROOT, '.cache', 'temporal', 'toolchain.env');

function readToolchainFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return Object.fromEntries(entries);
}

export function resolveToolchain(
  env: NodeJS.ProcessEnv = process.env,
  file = TOOLCHAIN_FILE,
): TemporalToolchain {
  const cached = readToolchainFile(file);
  const pick = (name: string) => env[name] || cached[name] || undefined;
  return { cliPath: pick('TEMPORAL_CLI_PATH'), testServerPath: pick('TEMPORAL_TEST_SERVER_PATH') };
}

/** The SDK's executable option: our binary when we have one, else its own download. */
export function executableFor(path: string | undefined) {
  return path ? ({ type: 'existing-path', path } as const) : ({ type: 'cached-download' } as const);
}
