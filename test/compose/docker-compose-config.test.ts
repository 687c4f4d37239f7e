// docker-compose.yml is for users' machines (no Docker engine here), but it must stay a
// valid Compose file that asks for the secrets it needs instead of inventing them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** `docker compose` (v2 plugin) where present, else the standalone `docker-compose`. */
function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  return undefined;
}

const compose = composeCommand();
const describeWithCompose = compose ? describe : describe.skip;
if (!compose) console.warn('docker compose is not installed: run scripts/ci-system-packages.sh as root');

function config(env: Record<string, string>) {
  const [command, ...args] = compose as string[];
  return spawnSync(command as string, [...args, 'config'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

describeWithCompose('docker-compose.yml', () => {
  it('is valid and defines Temporal, its UI, both databases, the worker and the gateway', () => {
    const result = config({ PUBLIC_BASE_URL: 'https://checkout.example.com', API_KEYS: 'k'.repeat(32) });
    expect(result.stderr).not.toMatch(/invalid|error/i);
    expect(result.status).toBe(0);
    for (const service of ['temporal', 'temporal-ui', 'temporal-db', 'orders-db', 'worker', 'gateway']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${service}:`, 'm'));
    }
  });

  it('refuses to render without the gateway secrets', () => {
    const result = config({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/PUBLIC_BASE_URL/);
  });
});
