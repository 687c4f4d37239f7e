// Ecomtrade24 session statuses → what they mean for the order. `paid` is the only
// success state; every other final state cancels.
import type { OutcomeKind } from '../../../workflows/domain';

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

function isKnownStatus(status: string): status is Ecomtrade24Status {
  return (ECOMTRADE24_STATUSES as readonly string[]).includes(status);
}

/** Anything not in the table is 'unknown' (logged, the checkout keeps waiting), never 'wait'. */
export function mapEcomtrade24Status(status: string): OutcomeKind {
  return isKnownStatus(status) ? ECOMTRADE24_STATUS_OUTCOMES[status] : 'unknown';
}
