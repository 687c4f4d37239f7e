// `npm run chaos`: the full soak. CHAOS_CHECKOUTS (default 1000), CHAOS_CONCURRENCY
// (default 20), CHAOS_SEED (repeats a run), CHAOS_RACES (share of checkouts, e.g. 0.1,
// where the merchant cancels while the customer pays; default 0). Prints the one line; the run fails (non-zero
// exit) when any count is not zero.
import { soakReport } from './report';
import { chaosSeed } from './rng';
import { runSoak } from './soak';

function share(name: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return 0;
  if (!/^(0(\.\d+)?|1)$/.test(raw)) throw new Error(`${name} must be a share between 0 and 1`);
  return Number(raw);
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new Error(`${name} must be a positive integer`);
  return Number(raw);
}

jest.setTimeout(6 * 60 * 60 * 1_000);

it('chaos soak', async () => {
  const result = await runSoak({
    checkouts: positiveInt('CHAOS_CHECKOUTS', 1_000),
    concurrency: positiveInt('CHAOS_CONCURRENCY', 20),
    seed: chaosSeed(),
    faultGapMs: [2_000, 8_000],
    minFaultRounds: 1,
    settleMs: 600_000,
    raceShare: share('CHAOS_RACES'),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const line of soakReport(result)) process.stdout.write(`${line}\n`);
  process.stdout.write(`${result.line}\n`);
  expect(result.clean).toBe(true);
});
