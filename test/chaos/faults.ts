// The fault injector: while the checkouts run it takes one thing down at a time, at
// seeded random moments, and brings it back: the worker (SIGKILL, then a new process),
// the Temporal dev server (stopped, started again on the same SQLite file), PostgreSQL
// (shut down for seconds), and the providers' APIs (5xx answers, answers slower than the
// client waits), armed through each simulator's documented /_sandbox/faults switch.
import type { ProviderId } from '../../workflows/domain';
import type { ChaosStack } from './stack';
import { postJson } from './http';
import type { Rng } from './rng';

export const PROCESS_FAULTS = ['workerKill', 'temporalRestart', 'postgresStop'] as const;
export const PROVIDER_FAULTS = ['providerError', 'providerTimeout'] as const;
export type FaultKind = (typeof PROCESS_FAULTS)[number] | (typeof PROVIDER_FAULTS)[number];
export const FAULT_KINDS: readonly FaultKind[] = [...PROCESS_FAULTS, ...PROVIDER_FAULTS];

/** The calls of each provider's API the product makes during a checkout (faults operations). */
const OPERATIONS: Record<ProviderId, readonly string[]> = {
  wegetfinancing: ['create'],
  iwocapay: ['create', 'status', 'cancel'],
  affirm: ['create', 'authorize'],
  wipay: ['create'],
  ecomtrade24: ['create', 'status'],
};
/** Longer than the product's provider call timeout (10 s), so the call times out. */
const SLOWER_THAN_TIMEOUT_MS = 12_000;

export interface InjectedFault {
  kind: FaultKind;
  detail: string;
  at: string;
}

export interface FaultInjector {
  readonly injected: InjectedFault[];
  /** Full rounds done: each kind happened this many times at least. */
  rounds(): number;
  /** Stops after the fault in progress has been undone. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function inject(stack: ChaosStack, rng: Rng, kind: FaultKind): Promise<string> {
  switch (kind) {
    case 'workerKill': {
      const downMs = rng.int(200, 3_000);
      await stack.killWorker();
      await sleep(downMs);
      stack.startWorker();
      return `worker down ${downMs} ms`;
    }
    case 'temporalRestart': {
      const downMs = rng.int(200, 3_000);
      await stack.stopTemporal();
      await sleep(downMs);
      await stack.startTemporal();
      return `temporal down ${downMs} ms + restart`;
    }
    case 'postgresStop': {
      const downMs = rng.int(1_000, 5_000);
      await stack.postgres.halt();
      await sleep(downMs);
      await stack.postgres.resume();
      return `postgres down ${downMs} ms`;
    }
    case 'providerError':
    case 'providerTimeout': {
      const provider = rng.pick(Object.keys(OPERATIONS) as ProviderId[]);
      const operation = rng.pick(OPERATIONS[provider]);
      const times = rng.int(1, 3);
      const fault =
        kind === 'providerError'
          ? { operation, status: rng.pick([500, 502, 503]), times }
          : { operation, delayMs: SLOWER_THAN_TIMEOUT_MS, times };
      const armed = await postJson(`${stack.sandboxUrl}/${provider}/_sandbox/faults`, fault);
      if (armed.status !== 200) throw new Error(`arming ${JSON.stringify(fault)} answered ${armed.status}`);
      return `${provider} ${operation} ${kind === 'providerError' ? fault.status : 'timeout'} x${times}`;
    }
  }
}

/**
 * Injects faults until stopped, `gapMs` apart (seeded), one at a time. The kinds come in
 * seeded rounds that hold each kind once, so every kind happens even in a short run;
 * after `maxRounds` rounds it rests.
 */
export function startFaultInjector(
  stack: ChaosStack,
  rng: Rng,
  gapMs: [number, number],
  maxRounds = Number.POSITIVE_INFINITY,
): FaultInjector {
  const injected: InjectedFault[] = [];
  let running = true;
  let wake: () => void = () => undefined;
  let rounds = 0;
  const loop = (async () => {
    let round: FaultKind[] = [];
    while (running) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, rng.int(gapMs[0], gapMs[1]));
      });
      if (!running) break;
      if (round.length === 0) round = rng.shuffle(FAULT_KINDS);
      const kind = round.shift() as FaultKind;
      const at = new Date().toISOString();
      injected.push({ kind, detail: await inject(stack, rng, kind), at });
      if (round.length === 0 && ++rounds >= maxRounds) running = false;
    }
  })();
  return {
    injected,
    rounds: () => rounds,
    async stop() {
      running = false;
      wake();
      await loop;
    },
  };
}
