// The providers' side of the books: every session each simulator holds, by the
// reference the product got for it, and whether the customer's money moved there.
import type { ProviderId } from '../../workflows/domain';
import type { Sandbox } from '../../src/sandbox/all';

export interface LedgerEntry {
  provider: ProviderId;
  reference: string;
  paid: boolean;
  /**
   * Affirm only: the customer confirmed, but no authorization was ever made. Affirm holds no
   * money until the merchant authorizes [doc], so after a merchant cancel this moved nothing.
   */
  unauthorizedConfirmation?: boolean;
}

export function readLedger(sandbox: Sandbox): LedgerEntry[] {
  const { wegetfinancing, iwocapay, affirm, wipay, ecomtrade24 } = sandbox.simulators;
  const entries = (provider: ProviderId, rows: Iterable<[string, boolean]>): LedgerEntry[] =>
    [...rows].map(([reference, paid]) => ({ provider, reference, paid }));
  return [
    ...entries(
      'wegetfinancing',
      [...wegetfinancing.requests.values()].map((r) => [
        r.invId,
        r.state === 'approved' || r.state === 'refund',
      ]),
    ),
    ...entries(
      'iwocapay',
      [...iwocapay.orders.values()].map((o) => [o.id, o.state === 'SUCCESSFUL']),
    ),
    // Affirm: the customer confirmed the loan (the merchant then authorizes it).
    ...[...affirm.checkouts.values()].map(
      (c): LedgerEntry => ({
        provider: 'affirm',
        reference: c.id,
        paid: c.state === 'confirmed' || c.transactionId !== undefined,
        unauthorizedConfirmation: c.state === 'confirmed' && c.transactionId === undefined,
      }),
    ),
    ...entries(
      'wipay',
      [...wipay.sessions.values()].map((s) => [s.transactionId, s.state === 'success']),
    ),
    ...entries(
      'ecomtrade24',
      [...ecomtrade24.sessions.values()].map((s) => [s.sessionId, s.state === 'paid']),
    ),
  ];
}
