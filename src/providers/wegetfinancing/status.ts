// WeGetFinancing postback statuses → what they mean for the order. Only `approved`
// ships; `preapproved` means the customer may still finish the application later.
import type { OutcomeKind } from '../../../workflows/domain';
import { outcomeLookup } from '../status-table';

export const WGF_STATUSES = ['approved', 'preapproved', 'rejected', 'refund'] as const;
export type WeGetFinancingStatus = (typeof WGF_STATUSES)[number];

/** Exhaustive: adding a status to WGF_STATUSES fails to compile until it is mapped here. */
export const WGF_STATUS_OUTCOMES: Readonly<Record<WeGetFinancingStatus, OutcomeKind>> = {
  approved: 'fulfil',
  preapproved: 'wait',
  rejected: 'cancel',
  refund: 'refund',
};

/** Anything not in the table is 'unknown' (logged, the checkout keeps waiting), never 'wait'. */
export const mapWeGetFinancingStatus = outcomeLookup(WGF_STATUS_OUTCOMES).outcomeOf;
