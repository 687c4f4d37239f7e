// docker-compose.yml is for users' machines (no Docker engine here), but it must stay a
// valid Compose file that asks for the secrets it needs instead of inventing them, keeps
// Temporal and its login-less UI off the network, and sets Temporal's schema up with the
// admin tools instead of the deprecated auto-setup image.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { NAMESPACE_SCRIPT, SCHEMA_SCRIPT, serverEnvironment } from '../cluster/support/temporal-cluster';

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

const SECRETS: Record<string, string> = {
  PUBLIC_BASE_URL: 'https://checkout.example.com',
  API_KEYS: 'k'.repeat(40),
  CALLBACK_SECRET: 'c'.repeat(40),
  PAYLOAD_CODEC_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  TEMPORAL_DB_PASSWORD: 'temporal-db-secret',
  ORDERS_DB_PASSWORD: 'orders-db-secret',
};

function config(env: Record<string, string>, args: string[] = []) {
  const [command, ...rest] = compose as string[];
  return spawnSync(command as string, [...rest, 'config', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

type Port = string | { host_ip?: string; published?: string | number; target?: number };
type Volume = string | { type?: string; source?: string; target?: string; read_only?: boolean };
interface Service {
  image?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  volumes?: Volume[];
  environment?: Record<string, string>;
  ports?: Port[];
  depends_on?: Record<string, { condition?: string }> | string[];
}

/** The rendered file as data: v2 prints JSON itself; v1 prints YAML, read by its own PyYAML. */
function rendered(): Record<string, Service> {
  if (compose?.[0] === 'docker') {
    return (JSON.parse(config(SECRETS, ['--format', 'json']).stdout) as { services: Record<string, Service> })
      .services;
  }
  const yaml = config(SECRETS).stdout;
  const json = spawnSync(
    'python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: yaml, encoding: 'utf8' },
  );
  expect(json.status).toBe(0);
  return (JSON.parse(json.stdout) as { services: Record<string, Service> }).services;
}

/** The host address a published port binds ('' = every interface). */
function hostIp(port: Port): string {
  if (typeof port !== 'string') return port.host_ip ?? '';
  const parts = port.split(':');
  return parts.length === 3 ? (parts[0] as string) : '';
}

/** The release scripts/temporal-cluster.sh builds, e.g. "1.29.1". */
function clusterScriptVersion(): string {
  const script = readFileSync(join(root, 'scripts', 'temporal-cluster.sh'), 'utf8');
  const match = /^server_version="v([0-9.]+)"/m.exec(script);
  expect(match).not.toBeNull();
  return match?.[1] as string;
}

/** Host file → container path of a service's bind mounts (v1 prints strings, v2 objects). */
function bindMounts(service: Service | undefined): Record<string, string> {
  return Object.fromEntries(
    (service?.volumes ?? []).map((volume) => {
      if (typeof volume !== 'string') return [volume.source ?? '', volume.target ?? ''];
      const [source, target] = volume.split(':');
      return [source ?? '', target ?? ''];
    }),
  );
}

describe('the namespace script', () => {
  it('registers exactly the search attributes the workflows set, with their types', () => {
    const script = readFileSync(NAMESPACE_SCRIPT, 'utf8');
    const listed = /^search_attributes="([^"]*)"/m.exec(script)?.[1]?.split(' ') ?? [];
    const cliType = { KEYWORD: 'Keyword', BOOL: 'Bool' } as Record<string, string>;
    expect(listed.sort()).toEqual(
      CHECKOUT_SEARCH_ATTRIBUTES.map((key) => `${key.name}:${cliType[key.type]}`).sort(),
    );
  });
});

describeWithCompose('docker-compose.yml', () => {
  it('is valid and defines Temporal, its schema job, its UI, both databases, the worker and the gateway', () => {
    const result = config(SECRETS);
    expect(result.stderr).not.toMatch(/invalid|error/i);
    expect(result.status).toBe(0);
    const services = rendered();
    for (const service of [
      'temporal',
      'temporal-schema',
      'temporal-setup',
      'temporal-ui',
      'temporal-db',
      'orders-db',
      'worker',
      'gateway',
    ]) {
      expect(services[service]).toBeDefined();
    }
  });

  it('publishes nothing on all interfaces: every published port binds 127.0.0.1', () => {
    const published = Object.entries(rendered()).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ name, ip: hostIp(port) })),
    );
    expect(published.map((port) => port.name).sort()).toEqual(['gateway', 'temporal', 'temporal-ui']);
    for (const port of published) expect(port).toEqual({ name: port.name, ip: '127.0.0.1' });
  });

  it('runs temporalio/server after a one-shot admin-tools job set up both schemas', () => {
    const services = rendered();
    const images = Object.values(services).map((service) => service.image ?? '');
    expect(images.filter((image) => image.includes('auto-setup'))).toEqual([]);
    expect(services.temporal?.image).toMatch(/^temporalio\/server:1\.29\./);
    const schema = services['temporal-schema'];
    expect(schema?.image).toMatch(/^temporalio\/admin-tools:1\.29\./);
    const script = readFileSync(SCHEMA_SCRIPT, 'utf8');
    for (const step of ['create-database', 'setup-schema', 'update-schema', 'temporal_visibility']) {
      expect(script).toContain(step);
    }
    expect(services.temporal?.depends_on).toMatchObject({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
  });

  it('is the topology the cluster test runs: same release, same schema and namespace scripts, same server variables', () => {
    const services = rendered();
    const version = clusterScriptVersion();
    for (const name of ['temporal', 'temporal-schema', 'temporal-setup']) {
      expect(services[name]?.image?.split(':')[1]).toBe(version);
    }
    for (const [name, script] of [
      ['temporal-schema', SCHEMA_SCRIPT],
      ['temporal-setup', NAMESPACE_SCRIPT],
    ] as const) {
      const mounted = bindMounts(services[name])[script];
      expect(mounted).toEqual(expect.any(String));
      expect([services[name]?.entrypoint ?? []].flat()).toEqual(['/bin/sh', mounted]);
      expect(services[name]?.command).toBeUndefined();
    }
    // Every variable compose gives temporalio/server, the cluster test gives the binary too.
    const local = serverEnvironment({ postgresPort: 5432, moduleDir: '/module' });
    const composed = services.temporal?.environment ?? {};
    expect(Object.keys(local)).toEqual(expect.arrayContaining(Object.keys(composed)));
    expect(local.DB).toBe(composed.DB);
    expect(local.POSTGRES_USER).toBe(composed.POSTGRES_USER);
  });

  it('sets the namespace retention explicitly (720h unless TEMPORAL_RETENTION), also on an existing namespace', () => {
    const setup = rendered()['temporal-setup'];
    expect(setup?.environment?.TEMPORAL_RETENTION).toBe('720h');
    // The mounted script creates the namespace with it and sets it again on one that exists.
    const script = readFileSync(NAMESPACE_SCRIPT, 'utf8');
    expect(script).toContain('retention="${TEMPORAL_RETENTION:-720h}"');
    expect(script).toMatch(/namespace create [^\n]*--retention "\$retention"/);
    expect(script).toMatch(/namespace update [^\n]*--retention "\$retention"/);
    const [command, ...rest] = compose as string[];
    const custom = spawnSync(command as string, [...rest, 'config'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...SECRETS, TEMPORAL_RETENTION: '2160h' },
      encoding: 'utf8',
    });
    expect(custom.stdout).toContain('TEMPORAL_RETENTION: 2160h');
  });

  it('uses the passwords and secrets it is given, and binds the gateway inside its container', () => {
    const services = rendered();
    expect(services['temporal-db']?.environment?.POSTGRES_PASSWORD).toBe(SECRETS.TEMPORAL_DB_PASSWORD);
    expect(services.temporal?.environment?.POSTGRES_PWD).toBe(SECRETS.TEMPORAL_DB_PASSWORD);
    expect(services['orders-db']?.environment?.POSTGRES_PASSWORD).toBe(SECRETS.ORDERS_DB_PASSWORD);
    expect(services.worker?.environment?.DATABASE_URL).toContain(`:${SECRETS.ORDERS_DB_PASSWORD}@`);
    for (const process of [services.worker, services.gateway])
      expect(process?.environment?.PAYLOAD_CODEC_KEYS).toBe(SECRETS.PAYLOAD_CODEC_KEYS);
    expect(services.gateway?.environment).toMatchObject({
      HOST: '0.0.0.0',
      CALLBACK_SECRET: SECRETS.CALLBACK_SECRET,
      API_KEYS: SECRETS.API_KEYS,
    });
  });

  it.each(Object.keys(SECRETS))('refuses to render without %s (no default password or key)', (name) => {
    const result = config({ ...SECRETS, [name]: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`set ${name}`);
  });
});
