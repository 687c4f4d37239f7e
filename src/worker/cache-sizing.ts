// How many checkout workflows the worker keeps in its cache. A cached workflow keeps its
// state in memory so its next task needs no replay; an evicted one replays its history
// when it next has work (a timer, a signal), so the cache bounds memory, not capacity.
// The SDK's default is sized from the V8 heap limit (on a large host: thousands, more
// than fit a container), so the figure comes from a memory budget here instead:
// WORKER_MAX_CACHED_WORKFLOWS as given, else (budget - baseline) / cost per cached
// workflow, the budget being WORKER_MEMORY_BUDGET_MIB or derived from the memory limit
// (cgroup, else the host's). Costs are measured with test/worker/memory.measure.ts.
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

const MiB = 1024 * 1024;

export type StoreKind = 'embedded' | 'postgres';

/**
 * RSS added by one cached checkout workflow, measured (docs/operations.md "Worker memory"):
 * 0.35 MiB on average from 0 to 3,000 cached with the embedded store, 0.52 with PostgreSQL
 * at 375 cached (that figure also holds what 1,000 open checkouts cost outside the cache).
 */
export const CACHED_WORKFLOW_MIB = 0.5;
/**
 * RSS of an idle worker, measured: 482-510 MiB with the embedded store (its PGlite runs
 * in the worker process), 188 MiB with PostgreSQL.
 */
export const WORKER_BASELINE_MIB: Record<StoreKind, number> = { embedded: 500, postgres: 200 };
/**
 * The budget when none is given and the memory limit allows it: 1 GiB and 512 MiB of RSS
 * at most, less about an eighth for GC slack and the store's own growth.
 */
export const DEFAULT_BUDGET_MIB: Record<StoreKind, number> = { embedded: 900, postgres: 450 };
/** Of a container's or host's memory, what a derived budget may use (the rest: headroom). */
const SHARE_OF_LIMIT = 0.75;
/** The SDK's own floor for its default; fewer makes every task of a busy worker replay. */
export const MIN_CACHED_WORKFLOWS = 10;

export interface MemoryLimit {
  mib: number;
  source: string;
}

/** cgroup v2 first, then v1; the first that names a limit wins. */
export const CGROUP_LIMIT_FILES = [
  '/sys/fs/cgroup/memory.max',
  '/sys/fs/cgroup/memory/memory.limit_in_bytes',
] as const;

/** cgroup v1 writes "no limit" as a huge page-aligned number rather than "max". */
const UNLIMITED_BYTES = 2 ** 60;

/** A cgroup limit file's value in MiB; undefined for "max", an unlimited figure or a malformed file. */
export function parseCgroupLimit(text: string): number | undefined {
  const value = text.trim();
  if (!/^\d{1,20}$/.test(value)) return undefined;
  const bytes = Number(value);
  if (bytes <= 0 || bytes >= UNLIMITED_BYTES) return undefined;
  return Math.floor(bytes / MiB);
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The container's memory limit when a cgroup sets one, else the host's memory. */
export function detectMemoryLimit(
  files: readonly string[] = CGROUP_LIMIT_FILES,
  hostBytes: number = totalmem(),
): MemoryLimit {
  for (const file of files) {
    const text = readIfPresent(file);
    const mib = text === undefined ? undefined : parseCgroupLimit(text);
    if (mib !== undefined) return { mib, source: `cgroup ${file}` };
  }
  return { mib: Math.floor(hostBytes / MiB), source: 'host memory' };
}

export interface WorkflowCacheSettings {
  /** WORKER_MAX_CACHED_WORKFLOWS */
  override?: number;
  /** WORKER_MEMORY_BUDGET_MIB */
  budgetMiB?: number;
  store: StoreKind;
}

export interface WorkflowCacheSize {
  maxCachedWorkflows: number;
  /** The budget the figure was computed from (absent for an override). */
  budgetMiB?: number;
  /** Where the figure came from, for the start-up log line. */
  source: string;
}

function fromBudget(budgetMiB: number, store: StoreKind): number {
  return Math.floor((budgetMiB - WORKER_BASELINE_MIB[store]) / CACHED_WORKFLOW_MIB);
}

/** The smallest WORKER_MEMORY_BUDGET_MIB that leaves room for MIN_CACHED_WORKFLOWS. */
export function minimumBudgetMiB(store: StoreKind): number {
  return Math.ceil(WORKER_BASELINE_MIB[store] + MIN_CACHED_WORKFLOWS * CACHED_WORKFLOW_MIB);
}

export function workflowCacheSize(
  settings: WorkflowCacheSettings,
  memoryLimit: () => MemoryLimit = detectMemoryLimit,
): WorkflowCacheSize {
  const { override, budgetMiB, store } = settings;
  if (override !== undefined) return { maxCachedWorkflows: override, source: 'WORKER_MAX_CACHED_WORKFLOWS' };
  if (budgetMiB !== undefined) {
    const size = fromBudget(budgetMiB, store);
    if (size < MIN_CACHED_WORKFLOWS) {
      throw new Error(
        `Invalid worker configuration: WORKER_MEMORY_BUDGET_MIB must be at least ${minimumBudgetMiB(store)} ` +
          `with the ${store} order store (its baseline is about ${WORKER_BASELINE_MIB[store]} MiB)`,
      );
    }
    return { maxCachedWorkflows: size, budgetMiB, source: 'WORKER_MEMORY_BUDGET_MIB' };
  }
  const limit = memoryLimit();
  const share = Math.floor(limit.mib * SHARE_OF_LIMIT);
  const derived = Math.min(DEFAULT_BUDGET_MIB[store], share);
  const source =
    derived === share
      ? `${SHARE_OF_LIMIT * 100}% of ${limit.source} (${limit.mib} MiB)`
      : `default budget for the ${store} order store (${limit.source}: ${limit.mib} MiB)`;
  // A small container still gets a working cache; its operator should set the budget.
  const size = Math.max(MIN_CACHED_WORKFLOWS, fromBudget(derived, store));
  return { maxCachedWorkflows: size, budgetMiB: derived, source };
}
