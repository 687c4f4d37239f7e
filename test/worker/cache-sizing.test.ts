import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CACHED_WORKFLOW_MIB,
  DEFAULT_BUDGET_MIB,
  WORKER_BASELINE_MIB,
  detectMemoryLimit,
  minimumBudgetMiB,
  parseCgroupLimit,
  workflowCacheSize,
} from '../../src/worker/cache-sizing';
import { loadWorkerConfig } from '../../src/worker/config';

const MiB = 1024 * 1024;
const host = (mib: number) => () => ({ mib, source: 'host memory' });

describe('workflow cache size', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cgroup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a cgroup limit in bytes; "max", cgroup v1 "unlimited" and junk name no limit', () => {
    expect(parseCgroupLimit('1073741824\n')).toBe(1024);
    expect(parseCgroupLimit('max\n')).toBeUndefined();
    expect(parseCgroupLimit('9223372036854771712\n')).toBeUndefined();
    expect(parseCgroupLimit('0')).toBeUndefined();
    expect(parseCgroupLimit('-5')).toBeUndefined();
    expect(parseCgroupLimit('1e9')).toBeUndefined();
  });

  it('takes the first cgroup file with a limit, else the host memory', () => {
    const unlimited = file('v2-max', 'max\n');
    const limited = file('v1-limit', `${768 * MiB}\n`);
    const missing = join(dir, 'absent');
    expect(detectMemoryLimit([missing, unlimited, limited], 8192 * MiB)).toEqual({
      mib: 768,
      source: `cgroup ${limited}`,
    });
    expect(detectMemoryLimit([missing, unlimited], 8192 * MiB)).toEqual({ mib: 8192, source: 'host memory' });
  });

  it('an explicit WORKER_MAX_CACHED_WORKFLOWS wins over any budget', () => {
    expect(workflowCacheSize({ override: 20, budgetMiB: 4096, store: 'embedded' }, host(1))).toEqual({
      maxCachedWorkflows: 20,
      source: 'WORKER_MAX_CACHED_WORKFLOWS',
    });
  });

  it('a budget pays for the baseline first, then one cached workflow per measured cost', () => {
    const budgetMiB = 2048;
    expect(workflowCacheSize({ budgetMiB, store: 'postgres' }, host(1))).toEqual({
      maxCachedWorkflows: Math.floor((budgetMiB - WORKER_BASELINE_MIB.postgres) / CACHED_WORKFLOW_MIB),
      budgetMiB,
      source: 'WORKER_MEMORY_BUDGET_MIB',
    });
  });

  it('refuses a budget below the baseline, naming the variable and the minimum', () => {
    const minimum = minimumBudgetMiB('embedded');
    expect(() => workflowCacheSize({ budgetMiB: minimum - 1, store: 'embedded' }, host(1))).toThrow(
      new RegExp(`WORKER_MEMORY_BUDGET_MIB must be at least ${minimum}`),
    );
    expect(workflowCacheSize({ budgetMiB: minimum, store: 'embedded' }, host(1)).maxCachedWorkflows).toBe(10);
  });

  it('without a budget: the store default on a large host, three quarters of a small container', () => {
    const large = workflowCacheSize({ store: 'embedded' }, host(24_000));
    expect(large.budgetMiB).toBe(DEFAULT_BUDGET_MIB.embedded);
    expect(large.source).toMatch(/default budget for the embedded order store \(host memory: 24000 MiB\)/);
    expect(workflowCacheSize({ store: 'postgres' }, host(24_000)).budgetMiB).toBe(
      DEFAULT_BUDGET_MIB.postgres,
    );
    const container = workflowCacheSize({ store: 'postgres' }, () => ({ mib: 600, source: 'cgroup x' }));
    expect(container).toMatchObject({ budgetMiB: 450, source: '75% of cgroup x (600 MiB)' });
    // Too small to pay for the baseline: still a working cache, the SDK's own floor.
    expect(workflowCacheSize({ store: 'embedded' }, host(256)).maxCachedWorkflows).toBe(10);
  });
});

describe('worker configuration: the cache variables', () => {
  it('sizes from the budget of the store in use, and says so', () => {
    const embedded = loadWorkerConfig({ WORKER_MEMORY_BUDGET_MIB: '1024' }, host(1));
    const postgres = loadWorkerConfig(
      { WORKER_MEMORY_BUDGET_MIB: '1024', DATABASE_URL: 'postgres://127.0.0.1/orders' },
      host(1),
    );
    expect(embedded.workflowCache.source).toBe('WORKER_MEMORY_BUDGET_MIB');
    expect(postgres.workflowCache.maxCachedWorkflows).toBeGreaterThan(
      embedded.workflowCache.maxCachedWorkflows,
    );
    expect(
      loadWorkerConfig({ WORKER_MAX_CACHED_WORKFLOWS: ' 0 ' }, host(1)).workflowCache.maxCachedWorkflows,
    ).toBe(0);
    expect(loadWorkerConfig({ WORKER_MAX_CACHED_WORKFLOWS: '' }, host(24_000)).workflowCache.budgetMiB).toBe(
      DEFAULT_BUDGET_MIB.embedded,
    );
  });

  it.each([
    ['WORKER_MAX_CACHED_WORKFLOWS', '1'],
    ['WORKER_MAX_CACHED_WORKFLOWS', '-3'],
    ['WORKER_MAX_CACHED_WORKFLOWS', '2.5'],
    ['WORKER_MAX_CACHED_WORKFLOWS', 'lots'],
    ['WORKER_MEMORY_BUDGET_MIB', '1g'],
    ['WORKER_MEMORY_BUDGET_MIB', '10'],
    ['WORKER_MEMORY_BUDGET_MIB', '100'],
  ])('refuses %s=%s, naming the variable and not the value', (name, value) => {
    expect(() => loadWorkerConfig({ [name]: value }, host(24_000))).toThrow(new RegExp(name));
    try {
      loadWorkerConfig({ [name]: value }, host(24_000));
    } catch (err) {
      expect((err as Error).message).not.toContain(`=${value}`);
    }
  });
});
