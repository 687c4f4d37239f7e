// iwocaPay order statuses → what they mean for the order. APPROVED is credit approval,
// not payment: only SUCCESSFUL ships.
import type { OutcomeKind } from '../../../workflows/domain';

export const IWOCAPAY_STATUSES = ['CREATED', 'PENDING', 'APPROVED', 'SUCCESSFUL', 'UNSUCCESSFUL'] as const;
export type IwocaPayStatus = (typeof IWOCAPAY_STATUSES)[number];

/** Exhaustive: adding a status to IWOCAPAY_STATUSES fails to compile until it is mapped here. */
export const IWOCAPAY_STATUS_OUTCOMES: Readonly<Record<IwocaPayStatus, OutcomeKind>> = {
  CREATED: 'wait',
  PENDING: 'wait',
  APPROVED: 'wait',
  SUCCESSFUL: 'fulfil',
  UNSUCCESSFUL: 'cancel',
};

function isKnownStatus(status: string): status is IwocaPayStatus {
  return (IWOCAPAY_STATUSES as readonly string[]).includes(status);
}

/** Anything not in the table is 'unknown' (logged, the checkout keeps waiting), never 'wait'. */
export function mapIwocaPayStatus(status: string): OutcomeKind {
  return isKnownStatus(status) ? IWOCAPAY_STATUS_OUTCOMES[status] : 'unknown';
}
