// The soak's verdict must see each way the books can be wrong: otherwise its zeros say
// nothing. Records, store rows and ledger entries are built by hand for each case.
import type { LedgerEntry } from './ledger';
import type { CheckoutPlan } from './plan';
import { isClean, reconcile, verdictLine } from './reconcile';
import type { CheckoutRecord, StoreRow } from './reconcile';

const plan = (index: number, intent: CheckoutPlan['intent'] = 'pay'): CheckoutPlan => ({
  index,
  orderId: `o-${index}`,
  provider: 'wegetfinancing',
  amount: '10.00',
  intent,
  thinkMs: 0,
});

function record(index: number, status: string, attention: { kind: string }[] = []): CheckoutRecord {
  return {
    plan: plan(index),
    checkoutId: `c-${index}`,
    providerReference: `r-${index}`,
    final: { httpStatus: 200, status, attention },
  };
}

const paid = (index: number, isPaid = true): LedgerEntry => ({
  provider: 'wegetfinancing',
  reference: `r-${index}`,
  paid: isPaid,
});

function verdictOf(records: CheckoutRecord[], rows: [string, StoreRow][], ledger: LedgerEntry[]) {
  return reconcile(records, new Map(rows), new Map(), ledger, 7);
}

it('balanced books: a paid completed checkout with one order and an unpaid cancelled one', () => {
  const verdict = verdictOf(
    [record(1, 'completed'), record(2, 'cancelled')],
    [
      ['c-1', { status: 'completed', orders: 1 }],
      ['c-2', { status: 'cancelled', orders: 0 }],
    ],
    [paid(1), paid(2, false)],
  );
  expect(verdictLine(verdict)).toBe(
    'chaos: 2 checkouts, 7 faults, lost 0, duplicate orders 0, paid-but-not-completed 0, stuck 0',
  );
  expect(isClean(verdict)).toBe(true);
});

it('counts a checkout missing from the store, or unknown to the gateway, as lost', () => {
  const unknown = { ...record(2, 'cancelled'), final: { httpStatus: 404, attention: [] } };
  const verdict = verdictOf(
    [record(1, 'completed'), unknown],
    [['c-2', { status: 'cancelled', orders: 0 }]],
    [paid(1, false), paid(2, false)],
  );
  expect(verdict.lost).toBe(2);
  expect(isClean(verdict)).toBe(false);
});

it('counts a paid session no checkout holds as lost', () => {
  const verdict = verdictOf([], [], [paid(9)]);
  expect(verdict.lost).toBe(1);
});

it('counts every order past the first as a duplicate', () => {
  const verdict = verdictOf(
    [record(1, 'completed')],
    [['c-1', { status: 'completed', orders: 3 }]],
    [paid(1)],
  );
  expect(verdict.duplicateOrders).toBe(2);
});

it('counts a payment whose checkout did not complete, unless it is flagged paidAfterCancel', () => {
  const verdict = verdictOf(
    [record(1, 'cancelled'), record(2, 'cancelled', [{ kind: 'paidAfterCancel' }]), record(3, 'completed')],
    [
      ['c-1', { status: 'cancelled', orders: 0 }],
      ['c-2', { status: 'cancelled', orders: 0 }],
      // The workflow says completed but the store holds no order: not completed either.
      ['c-3', { status: 'open', orders: 0 }],
    ],
    [paid(1), paid(2), paid(3)],
  );
  expect(verdict.paidButNotCompleted).toBe(2);
  expect(verdict.findings.join('\n')).toContain('o-1');
  expect(verdict.findings.join('\n')).toContain('o-3');
});

it('counts undecided and never-acknowledged checkouts as stuck', () => {
  const never: CheckoutRecord = { plan: plan(2, 'cancel') };
  const verdict = verdictOf(
    [record(1, 'awaitingCustomer'), never],
    [['c-1', { status: 'open', orders: 0 }]],
    [paid(1, false)],
  );
  expect(verdict.stuck).toBe(2);
});

it('fails the soak on an order nobody paid for', () => {
  const verdict = verdictOf(
    [record(1, 'completed')],
    [['c-1', { status: 'completed', orders: 1 }]],
    [paid(1, false)],
  );
  expect(verdict.unpaidButCompleted).toBe(1);
  expect(isClean(verdict)).toBe(false);
});

it('does not count an Affirm confirmation never authorized after a merchant cancel as paid, but does on a checkout left open', () => {
  const affirmRecord = (index: number, intent: CheckoutPlan['intent']): CheckoutRecord => ({
    ...record(index, 'cancelled'),
    plan: { ...plan(index, intent), provider: 'affirm' },
  });
  const confirmed = (index: number): LedgerEntry => ({
    provider: 'affirm',
    reference: `r-${index}`,
    paid: true,
    unauthorizedConfirmation: true,
  });
  const verdict = verdictOf(
    [affirmRecord(1, 'race'), affirmRecord(2, 'leave')],
    [
      ['c-1', { status: 'cancelled', orders: 0 }],
      ['c-2', { status: 'cancelled', orders: 0 }],
    ],
    [confirmed(1), confirmed(2)],
  );
  expect(verdict.unauthorizedAfterCancel).toBe(1);
  expect(verdict.paidButNotCompleted).toBe(1);
  expect(verdict.findings.join('\n')).toContain('c-2');
  expect(isClean(verdict)).toBe(false);
});
