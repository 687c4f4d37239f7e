// WiPay's result statuses on the response_url redirect and what each means. Public
// integrations agree on `success` (the only paid state) and `failed`; `error` appears
// for gateway errors. A status outside this table is `unknown`: the workflow keeps
// waiting and its own expiry timers decide, never a silent "pending".
import type { OutcomeKind } from '../../../workflows/domain';
import { outcomeLookup } from '../status-table';

export const WIPAY_STATUSES = ['success', 'failed', 'error'] as const;
export type WipayStatus = (typeof WIPAY_STATUSES)[number];

export const WIPAY_STATUS_OUTCOMES: Record<WipayStatus, OutcomeKind> = {
  success: 'fulfil',
  failed: 'cancel',
  error: 'cancel',
};

const wipayLookup = outcomeLookup(WIPAY_STATUS_OUTCOMES);

export const isWipayStatus = wipayLookup.isKnown;
export const wipayOutcome = wipayLookup.outcomeOf;
