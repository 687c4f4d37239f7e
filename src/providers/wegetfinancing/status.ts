// WeGetFinancing postback statuses → what they mean for the order. Only `approved`
// ships; `preapproved` means the customer may still finish the application later.
import type { OutcomeKind } from '../../../workflows/domain';

export const WGF_STATUSES = ['approved', 'preapproved', 'rejected', 'refund'] as const;
export type WeGetFinancingStatus = (typeof WGF_STATUSES)[number];

/** Exhaustive: adding a status to WGF_STATUSES fails to compile until it is mapped here. */
export const WGF_STATUS_OUTCOMES: Readonly<Record<WeGetFinancingStatus, OutcomeKind>> = {
  approved: 'fulfil',
  preapproved: 'wait',
  rejected: 'cancel',
  refund: 'refund',
};

function isKnownStatus(status: string): status is WeGetFinancingStatus {
  return (WGF_STATUSES as readonly string[]).includes(status);
}

/** Anything not in the table is 'unknown' (logged, the checkout keeps waiting), never 'wait'. */
export function mapWeGetFinancingStatus(status: string): OutcomeKind {
  return isKnownStatus(status) ? WGF_STATUS_OUTCOMES[status] : 'unknown';
}
