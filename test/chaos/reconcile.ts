// The soak's verdict: every checkout the gateway acknowledged, read back from the
// gateway, the order store and the providers' ledgers, and counted into the one line.
import type { LedgerEntry } from './ledger';
import type { CheckoutPlan } from './plan';

/** What the soak learned about one planned checkout. */
export interface CheckoutRecord {
  plan: CheckoutPlan;
  /** Set once POST /checkouts answered 200/201. */
  checkoutId?: string;
  providerReference?: string;
  /** The last GET /checkouts/:id: undefined when it never answered, 404 when unknown. */
  final?: { httpStatus: number; status?: string; attention: { kind: string }[] };
}

/** The order store's rows for one checkout. */
export interface StoreRow {
  status: string;
  orders: number;
}

export interface Verdict {
  checkouts: number;
  faults: number;
  lost: number;
  duplicateOrders: number;
  paidButNotCompleted: number;
  stuck: number;
  /** Orders for checkouts nobody paid for: counted apart, fails the soak all the same. */
  unpaidButCompleted: number;
  /**
   * Affirm confirmations never authorized, on checkouts the merchant cancelled: no money
   * moved (it is held only once authorized), so they are reported, not failed.
   */
  unauthorizedAfterCancel: number;
  /** One line per counted checkout: what is wrong with it, for the report. */
  findings: string[];
}

const DECIDED = ['completed', 'cancelled'];

export function reconcile(
  records: CheckoutRecord[],
  store: Map<string, StoreRow>,
  ordersPerMerchantOrder: Map<string, number>,
  ledger: LedgerEntry[],
  faults: number,
): Verdict {
  const verdict: Verdict = {
    checkouts: records.length,
    faults,
    lost: 0,
    duplicateOrders: 0,
    paidButNotCompleted: 0,
    stuck: 0,
    unpaidButCompleted: 0,
    unauthorizedAfterCancel: 0,
    findings: [],
  };
  const note = (record: CheckoutRecord, what: string) =>
    verdict.findings.push(
      `${record.plan.orderId} (${record.plan.provider}, ${record.plan.intent}, ` +
        `${record.plan.noticeFault ?? 'no notice fault'}) ${record.checkoutId ?? '-'}: ${what}`,
    );
  const byReference = new Map(ledger.map((entry) => [`${entry.provider}/${entry.reference}`, entry]));
  const known = new Set<string>();

  for (const record of records) {
    if (!record.checkoutId) {
      // The merchant asked and never got an answer: it cannot know the checkout's fate.
      verdict.stuck++;
      note(record, 'POST /checkouts never acknowledged it');
      continue;
    }
    const row = store.get(record.checkoutId);
    const entry = record.providerReference
      ? byReference.get(`${record.plan.provider}/${record.providerReference}`)
      : undefined;
    // Only where the merchant cancelled: a confirmation lost on a checkout left open must
    // still be found (Affirm's checkout read) and fails the soak otherwise.
    const merchantCancelled = record.plan.intent === 'cancel' || record.plan.intent === 'race';
    const confirmedAfterCancel =
      merchantCancelled && entry?.unauthorizedConfirmation === true && record.final?.status === 'cancelled';
    if (confirmedAfterCancel) verdict.unauthorizedAfterCancel++;
    const paid = entry?.paid === true && !confirmedAfterCancel;
    if (record.providerReference) known.add(`${record.plan.provider}/${record.providerReference}`);
    const final = record.final;

    if (!row || !record.providerReference || final?.httpStatus === 404) {
      verdict.lost++;
      note(
        record,
        `lost (store row ${row ? 'present' : 'missing'}, GET ${final?.httpStatus ?? 'no answer'})`,
      );
      continue;
    }
    const orders = Math.max(row.orders, ordersPerMerchantOrder.get(record.plan.orderId) ?? 0);
    if (orders > 1) {
      verdict.duplicateOrders += orders - 1;
      note(record, `${orders} orders`);
    }
    const completedInStore = row.status === 'completed' && row.orders >= 1;
    const flaggedLate = final?.attention.some((entry) => entry.kind === 'paidAfterCancel') ?? false;
    if (paid && !(completedInStore && final?.status === 'completed') && !flaggedLate) {
      verdict.paidButNotCompleted++;
      note(
        record,
        `paid at the provider, checkout ${final?.status ?? 'unread'}, store ${row.status} with ${row.orders} orders`,
      );
    }
    if (!paid && row.orders > 0) {
      verdict.unpaidButCompleted++;
      note(record, `an order without a payment at the provider (store ${row.status})`);
    }
    if (!final?.status || !DECIDED.includes(final.status)) {
      verdict.stuck++;
      note(
        record,
        `undecided at the deadline (${final?.status ?? `GET ${final?.httpStatus ?? 'no answer'}`})`,
      );
    }
  }
  // Money taken for a session no acknowledged checkout holds (e.g. a second session
  // created by a retried call) has no order to land on: lost.
  for (const entry of ledger) {
    if (entry.paid && !known.has(`${entry.provider}/${entry.reference}`)) {
      verdict.lost++;
      verdict.findings.push(`${entry.provider} session ${entry.reference}: paid, but no checkout holds it`);
    }
  }
  return verdict;
}

export function verdictLine(v: Verdict): string {
  return (
    `chaos: ${v.checkouts} checkouts, ${v.faults} faults, lost ${v.lost}, duplicate orders ${v.duplicateOrders}, ` +
    `paid-but-not-completed ${v.paidButNotCompleted}, stuck ${v.stuck}`
  );
}

export function isClean(v: Verdict): boolean {
  return v.lost + v.duplicateOrders + v.paidButNotCompleted + v.stuck + v.unpaidButCompleted === 0;
}
