// One chaos soak: N checkouts across the five providers through the real gateway while
// the fault injector disturbs everything under it, then the reconciliation. `npm run
// chaos` (chaos.soak.ts) and the small run in `npm test` (chaos.test.ts) both call this.
import { Client } from 'pg';
import { sampleCheckoutRequest } from '../../src/demo/merchant-client';
import { API_KEY } from '../e2e/support/stack';
import { actOut } from './customer';
import type { Parties } from './customer';
import { startFaultInjector } from './faults';
import type { FaultKind } from './faults';
import { persist, postJson, request } from './http';
import { readLedger } from './ledger';
import { planCheckouts } from './plan';
import type { CheckoutPlan, NoticeFault } from './plan';
import { isClean, reconcile, verdictLine } from './reconcile';
import type { CheckoutRecord, StoreRow, Verdict } from './reconcile';
import { seededRng } from './rng';
import { startChaosStack } from './stack';

export interface SoakOptions {
  checkouts: number;
  concurrency: number;
  seed: number;
  /** Pause between two faults, [min, max] ms. */
  faultGapMs: [number, number];
  /** Faults keep coming until each kind happened this many times (and the checkouts are done). */
  minFaultRounds: number;
  /** …and stop after this many rounds (default: not before the checkouts are done). */
  maxFaultRounds?: number;
  /** After the last customer acted, how long every checkout has to be decided. */
  settleMs: number;
  /** Share of checkouts where the merchant cancels while the customer pays (default 0). */
  raceShare?: number;
  log(line: string): void;
}

export interface SoakResult {
  verdict: Verdict;
  line: string;
  clean: boolean;
  faultsByKind: Record<FaultKind | NoticeFault, number>;
  wallMs: number;
  /** Processes that died on their own after they were ready (crashes). */
  unexpectedExits: string[];
  /** Processes that gave up starting while a dependency was down (restarted, as a supervisor does). */
  startFailures: string[];
  /** How the checkouts ended, by intent: "pay completed" → count (paidAfterCancel flagged apart). */
  outcomes: Record<string, number>;
  /** Steps of the driver that failed (a customer action refused, …). */
  driverErrors: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const AUTH = { authorization: `Bearer ${API_KEY}` };
/** How long a merchant backend keeps retrying POST /checkouts through an outage. */
const CREATE_PERSIST_MS = 180_000;
const PROGRESS_EVERY = 100;

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

async function runCheckout(parties: Parties, record: CheckoutRecord, errors: string[]): Promise<void> {
  const { plan } = record;
  const body = sampleCheckoutRequest(plan.provider, plan.orderId, plan.amount);
  const created = await persist(
    () => postJson(`${parties.gatewayUrl}/checkouts`, body, AUTH),
    CREATE_PERSIST_MS,
  );
  if (created.status !== 200 && created.status !== 201) {
    errors.push(
      `${plan.orderId}: POST /checkouts answered ${created.status} ${JSON.stringify(created.body)}`,
    );
    return;
  }
  const answer = created.body as { checkoutId: string; providerReference: string };
  record.checkoutId = answer.checkoutId;
  record.providerReference = answer.providerReference;
  try {
    await actOut(parties, plan, answer.checkoutId, answer.providerReference);
  } catch (error) {
    errors.push(String(error instanceof Error ? error.message : error));
  }
}

async function readFinal(gatewayUrl: string, record: CheckoutRecord): Promise<void> {
  if (!record.checkoutId) return;
  const read = await request(`${gatewayUrl}/checkouts/${encodeURIComponent(record.checkoutId)}`, {
    headers: AUTH,
  });
  if (read.status === 'error' || read.status >= 500) return; // keep the last good read
  const body = (read.body ?? {}) as { status?: string; attention?: { kind: string }[] };
  record.final = { httpStatus: read.status, status: body.status, attention: body.attention ?? [] };
}

const decided = (record: CheckoutRecord) =>
  !record.checkoutId || record.final?.status === 'completed' || record.final?.status === 'cancelled';

/** Reads every checkout until all are decided or `settleMs` ran out. */
async function settle(gatewayUrl: string, records: CheckoutRecord[], settleMs: number): Promise<void> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const open = records.filter((record) => !decided(record));
    await inPool(open, 8, (record) => readFinal(gatewayUrl, record));
    if (records.every(decided) || Date.now() > deadline) return;
    await sleep(2_000);
  }
}

async function readStore(
  url: string,
): Promise<{ rows: Map<string, StoreRow>; perOrder: Map<string, number> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const checkouts = await client.query<{ checkout_id: string; status: string; orders: string }>(
      `SELECT c.checkout_id, c.status, count(o.order_id) AS orders
         FROM checkouts c LEFT JOIN orders o ON o.checkout_id = c.checkout_id
        GROUP BY c.checkout_id, c.status`,
    );
    const perOrder = await client.query<{ merchant_order_id: string; orders: string }>(
      'SELECT merchant_order_id, count(*) AS orders FROM orders GROUP BY merchant_order_id',
    );
    return {
      rows: new Map(
        checkouts.rows.map((r) => [r.checkout_id, { status: r.status, orders: Number(r.orders) }]),
      ),
      perOrder: new Map(perOrder.rows.map((r) => [r.merchant_order_id, Number(r.orders)])),
    };
  } finally {
    await client.end();
  }
}

function countFaults(injected: { kind: FaultKind }[], plans: CheckoutRecord[]): SoakResult['faultsByKind'] {
  const counts: SoakResult['faultsByKind'] = {
    workerKill: 0,
    temporalRestart: 0,
    postgresStop: 0,
    providerError: 0,
    providerTimeout: 0,
    drop: 0,
    duplicate: 0,
    delay: 0,
    reorder: 0,
  };
  for (const fault of injected) counts[fault.kind]++;
  for (const { plan, checkoutId } of plans) if (checkoutId && plan.noticeFault) counts[plan.noticeFault]++;
  return counts;
}

function outcomesOf(records: CheckoutRecord[]): Record<string, number> {
  const outcomes: Record<string, number> = {};
  for (const { plan, final } of records) {
    const late = final?.attention.some((entry) => entry.kind === 'paidAfterCancel') ? ' paidAfterCancel' : '';
    const key = `${plan.intent} ${final?.status ?? 'unread'}${late}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  return outcomes;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const rng = seededRng(options.seed);
  const plans: CheckoutPlan[] = planCheckouts(options.checkouts, options.seed, rng, options.raceShare);
  const records: CheckoutRecord[] = plans.map((plan) => ({ plan }));
  options.log(`chaos: seed ${options.seed} (CHAOS_SEED=${options.seed} repeats this plan and fault order)`);

  const stack = await startChaosStack();
  let clean = false;
  try {
    const parties: Parties = { gatewayUrl: stack.gatewayUrl, sandboxUrl: stack.sandboxUrl, apiKey: API_KEY };
    const driverErrors: string[] = [];
    // The injector draws from its own stream so the plan does not depend on timing.
    const injector = startFaultInjector(
      stack,
      seededRng(options.seed ^ 0x5eed),
      options.faultGapMs,
      options.maxFaultRounds,
    );
    let done = 0;
    await inPool(records, options.concurrency, async (record) => {
      await runCheckout(parties, record, driverErrors);
      // A long soak says how far it got, so a slow machine is not mistaken for a hang.
      if (++done % PROGRESS_EVERY === 0 && done < records.length) {
        const seconds = Math.round((Date.now() - started) / 1000);
        options.log(
          `chaos: ${done}/${records.length} customers done, ${injector.injected.length} faults, ${seconds} s`,
        );
      }
    });
    while (injector.rounds() < options.minFaultRounds) await sleep(250);
    await injector.stop();
    options.log(`chaos: customers done after ${Math.round((Date.now() - started) / 1000)} s; settling`);

    await settle(stack.gatewayUrl, records, options.settleMs);
    const store = await readStore(stack.postgres.url);
    const faultsByKind = countFaults(injector.injected, records);
    const faults = Object.values(faultsByKind).reduce((sum, count) => sum + count, 0);
    const verdict = reconcile(records, store.rows, store.perOrder, readLedger(stack.sandbox), faults);
    clean = isClean(verdict) && driverErrors.length === 0;
    return {
      verdict,
      line: verdictLine(verdict),
      clean,
      faultsByKind,
      wallMs: Date.now() - started,
      unexpectedExits: [...stack.unexpectedExits],
      startFailures: [...stack.startFailures],
      outcomes: outcomesOf(records),
      driverErrors,
    };
  } finally {
    await stack.close({ keepWorkDir: !clean });
    if (!clean) options.log(`chaos: process logs kept in ${stack.workDir}`);
  }
}
