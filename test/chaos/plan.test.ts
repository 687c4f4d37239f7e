// The seeded plan: the same seed gives the same plan, and even a short plan holds every
// kind of notice fault, so the small soak's "each kind happened" check is about the run.
import { NOTICE_FAULTS, planCheckouts } from './plan';
import { seededRng } from './rng';

it('repeats itself for a seed and differs for another', () => {
  expect(planCheckouts(50, 7, seededRng(7))).toEqual(planCheckouts(50, 7, seededRng(7)));
  expect(planCheckouts(50, 8, seededRng(8))).not.toEqual(planCheckouts(50, 7, seededRng(7)));
});

it('holds every kind of notice fault in a plan of 20 checkouts, for any of 200 seeds', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const kinds = new Set(planCheckouts(20, seed, seededRng(seed)).map((plan) => plan.noticeFault));
    expect([seed, NOTICE_FAULTS.filter((fault) => !kinds.has(fault))]).toEqual([seed, []]);
  }
});
