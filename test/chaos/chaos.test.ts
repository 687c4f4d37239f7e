// The small chaos soak inside `npm test`: about 100 checkouts across the five providers
// while every kind of fault happens at least once; the books must balance exactly.
// The full run is `npm run chaos` (chaos.soak.ts).
import { FAULT_KINDS } from './faults';
import { NOTICE_FAULTS } from './plan';
import { soakReport } from './report';
import { chaosSeed } from './rng';
import { runSoak } from './soak';

// Customers take about 80 s; settling may take up to 300 s (below); then the books.
jest.setTimeout(480_000);

it('100 checkouts under worker kills, Temporal and PostgreSQL outages, provider and webhook faults balance', async () => {
  const result = await runSoak({
    checkouts: 100,
    concurrency: 20,
    seed: chaosSeed(),
    faultGapMs: [3_000, 6_000],
    minFaultRounds: 2,
    maxFaultRounds: 2,
    // As long as the poll schedule can need: a dropped webhook whose first read (at 60 s) is
    // lost to a fault (a killed worker's read only times out after 30 s) is found by the next
    // read, 120 s later. The last checkouts open at about 80 s; 150 s was not enough in CI.
    settleMs: 300_000,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const line of [result.line, ...soakReport(result)]) process.stdout.write(`${line}\n`);

  // The faults really happened, each kind of them: otherwise the zeros prove nothing.
  for (const kind of [...FAULT_KINDS, ...NOTICE_FAULTS])
    expect([kind, result.faultsByKind[kind] > 0]).toEqual([kind, true]);
  expect(result.line).toBe(
    `chaos: 100 checkouts, ${result.verdict.faults} faults, lost 0, duplicate orders 0, paid-but-not-completed 0, stuck 0`,
  );
  expect(result.verdict.unpaidButCompleted).toBe(0);
  expect(result.driverErrors).toEqual([]);
  // A crash after start is a bug; giving up at start while a dependency is down is not.
  expect(result.unexpectedExits).toEqual([]);
});
