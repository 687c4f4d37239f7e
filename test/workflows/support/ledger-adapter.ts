// TEST-LOCAL provider adapter with an honest ledger, for the payment workflow's unit
// tests only: the simulators do not have capture and refund endpoints yet. It keeps one
// ledger per transaction, answers a repeated Idempotency-Key with the first answer, and
// refuses what a provider refuses (over-capture, refund over captured, capture after a
// void or once the authorization lapsed). Faults answer 503 after the movement was made,
// the hard case for a retry.
import { ProviderError } from '../../../src/providers/errors';
import type {
  CaptureInput,
  ProviderAdapter,
  ProviderMoneyMovement,
  RefundInput,
  ShippingUpdateInput,
  VoidInput,
} from '../../../src/providers/types';
import { fromMinorUnits, toMinorUnits } from '../../../src/money';
import type { ProviderId } from '../../../workflows/domain';

export interface LedgerEntry {
  authorized: number;
  captured: number;
  refunded: number;
  voided: boolean;
  expiresAtMs?: number;
  captures: number[];
  refunds: number[];
  shipments: ShippingUpdateInput[];
}

type Operation = 'capture' | 'refund' | 'void' | 'updateShipping';

export interface LedgerAdapter extends ProviderAdapter {
  ledger: Map<string, LedgerEntry>;
  /** A transaction the provider authorized (or, without a capture step, took) at `atMs`. */
  open(
    transactionId: string,
    amount: string,
    options?: { captured?: boolean; validDays?: number; atMs?: number },
  ): void;
  /** The next `count` calls of `operation` are carried out, then answered with a 503. */
  failAfterApplying(operation: Operation, count: number): void;
  calls: Record<Operation, number>;
}

export function createLedgerAdapter(
  id: ProviderId,
  now: () => number,
  has: { capture: boolean; void: boolean } = { capture: true, void: true },
): LedgerAdapter {
  const ledger = new Map<string, LedgerEntry>();
  const answers = new Map<string, unknown>();
  const faults: Partial<Record<Operation, number>> = {};
  const calls: Record<Operation, number> = { capture: 0, refund: 0, void: 0, updateShipping: 0 };
  let sequence = 0;

  const refuse = (message: string): never => {
    throw new ProviderError(id, message, false, 400);
  };
  const entryOf = (transactionId: string): LedgerEntry =>
    ledger.get(transactionId) ?? refuse(`unknown transaction ${transactionId}`);

  /** Same key, same answer; a fault answers 503 after the movement was made. */
  function once<T>(operation: Operation, key: string, apply: () => T): T {
    calls[operation] += 1;
    const answer = answers.has(key) ? (answers.get(key) as T) : apply();
    answers.set(key, answer);
    const pending = faults[operation] ?? 0;
    if (pending > 0) {
      faults[operation] = pending - 1;
      throw new ProviderError(id, `${operation} answered 503`, true, 503);
    }
    return answer;
  }

  const adapter: LedgerAdapter = {
    id,
    ledger,
    calls,
    open(transactionId, amount, options = {}) {
      const minor = toMinorUnits(amount);
      const atMs = options.atMs ?? now();
      ledger.set(transactionId, {
        authorized: minor,
        captured: options.captured ? minor : 0,
        refunded: 0,
        voided: false,
        expiresAtMs: options.validDays === undefined ? undefined : atMs + options.validDays * 86_400_000,
        captures: [],
        refunds: [],
        shipments: [],
      });
    },
    failAfterApplying(operation, count) {
      faults[operation] = count;
    },
    async createSession() {
      throw new Error('the ledger adapter opens no sessions');
    },
    parseInbound() {
      throw new Error('the ledger adapter receives nothing');
    },
    async refund(input: RefundInput): Promise<ProviderMoneyMovement> {
      return once('refund', input.idempotencyKey, () => {
        const entry = entryOf(input.transactionId);
        const amount = toMinorUnits(input.amount);
        if (entry.voided) refuse('transaction was voided');
        if (entry.refunded + amount > entry.captured) refuse('refund over the captured amount');
        entry.refunded += amount;
        entry.refunds.push(amount);
        return { providerId: `rf-${++sequence}`, amount: fromMinorUnits(amount) };
      });
    },
    async updateShipping(input: ShippingUpdateInput): Promise<void> {
      once('updateShipping', input.idempotencyKey, () => {
        entryOf(input.transactionId ?? input.providerReference ?? '').shipments.push(input);
      });
    },
  };
  if (has.capture)
    adapter.capture = async (input: CaptureInput): Promise<ProviderMoneyMovement> =>
      once('capture', input.idempotencyKey, () => {
        const entry = entryOf(input.transactionId);
        const amount = toMinorUnits(input.amount);
        if (entry.voided) refuse('transaction was voided');
        if (entry.expiresAtMs !== undefined && now() >= entry.expiresAtMs) refuse('authorization expired');
        if (entry.captured + amount > entry.authorized) refuse('capture over the authorized amount');
        entry.captured += amount;
        entry.captures.push(amount);
        return { providerId: `cp-${++sequence}`, amount: fromMinorUnits(amount) };
      });
  if (has.void)
    adapter.voidAuthorization = async (input: VoidInput): Promise<void> =>
      once('void', input.idempotencyKey, () => {
        const entry = entryOf(input.transactionId);
        if (entry.captured > 0) refuse('captured transactions cannot be voided');
        entry.voided = true;
      });
  return adapter;
}
