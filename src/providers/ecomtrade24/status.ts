// Ecomtrade24 session statuses → what they mean for the order. `paid` is the only
// success state; every other final state cancels.
import type { OutcomeKind } from '../../../workflows/domain';
import { outcomeLookup } from '../status-table';

export const ECOMTRADE24_STATUSES = [
  'paid',
  'pending',
  'failed',
  'expired',
  'cancelled',
  'declined',
] as const;
export type Ecomtrade24Status = (typeof ECOMTRADE24_STATUSES)[number];

/** Exhaustive: adding a status to ECOMTRADE24_STATUSES fails to compile until it is mapped here. */
export const ECOMTRADE24_STATUS_OUTCOMES: Readonly<Record<Ecomtrade24Status, OutcomeKind>> = {
  paid: 'fulfil',
  pending: 'wait',
  failed: 'cancel',
  expired: 'cancel',
  cancelled: 'cancel',
  declined: 'cancel',
};

/** Anything not in the table is 'unknown' (logged, the checkout keeps waiting), never 'wait'. */
export const mapEcomtrade24Status = outcomeLookup(ECOMTRADE24_STATUS_OUTCOMES).outcomeOf;
