// iwocaPay order statuses → what they mean for the order. APPROVED is credit approval,
// not payment: only SUCCESSFUL ships.
import type { OutcomeKind } from '../../../workflows/domain';
import { outcomeLookup } from '../status-table';

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

/** Anything not in the table is 'unknown' (logged, the checkout keeps waiting), never 'wait'. */
export const mapIwocaPayStatus = outcomeLookup(IWOCAPAY_STATUS_OUTCOMES).outcomeOf;
