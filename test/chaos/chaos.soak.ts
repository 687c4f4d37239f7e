// `npm run chaos`: the full soak. CHAOS_CHECKOUTS (default 1000), CHAOS_CONCURRENCY
// (default 20), CHAOS_SEED (repeats a run). Prints the one line; the run fails (non-zero
// exit) when any count is not zero.
import { soakReport } from './report';
import { chaosSeed } from './rng';
import { runSoak } from './soak';

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
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const line of soakReport(result)) process.stdout.write(`${line}\n`);
  process.stdout.write(`${result.line}\n`);
  expect(result.clean).toBe(true);
});
