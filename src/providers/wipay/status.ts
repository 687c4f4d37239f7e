// WiPay's result statuses on the response_url redirect and what each means. WiPay
// documents `success`, `failed` and `error`. Only `success` carries a hash, and the hash
// does not cover `status` at all, so a failure is never more than the browser's word: it
// keeps the checkout waiting and the expiry and 240-minute rules decide. A status
// outside this table is `unknown`, which is treated the same way.
import type { OutcomeKind } from '../../../workflows/domain';
import { outcomeLookup } from '../status-table';

export const WIPAY_STATUSES = ['success', 'failed', 'error'] as const;
export type WipayStatus = (typeof WIPAY_STATUSES)[number];

export const WIPAY_STATUS_OUTCOMES: Record<WipayStatus, OutcomeKind> = {
  success: 'fulfil',
  failed: 'wait',
  error: 'wait',
};

const wipayLookup = outcomeLookup(WIPAY_STATUS_OUTCOMES);

export const isWipayStatus = wipayLookup.isKnown;
export const wipayOutcome = wipayLookup.outcomeOf;
