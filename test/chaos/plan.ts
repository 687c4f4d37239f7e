// What each simulated customer and merchant will do, drawn up front from the seed: about
// 60% pay, 20% are cancelled by the merchant, 20% leave (the provider's own way of a
// checkout ending unpaid), and about a third of the provider notices are disturbed.
import type { ProviderId } from '../../workflows/domain';
import { PROVIDER_IDS } from '../../workflows/domain';
import type { Rng } from './rng';

/** race: the merchant cancels while the customer pays (a payment after cancel may result). */
export type Intent = 'pay' | 'cancel' | 'leave' | 'race';
export type NoticeFault = 'drop' | 'duplicate' | 'delay' | 'reorder';
export const NOTICE_FAULTS: readonly NoticeFault[] = ['drop', 'duplicate', 'delay', 'reorder'];

export interface CheckoutPlan {
  index: number;
  orderId: string;
  provider: ProviderId;
  /** Decimal string, e.g. "12.34". */
  amount: string;
  intent: Intent;
  noticeFault?: NoticeFault;
  /** How long the customer looks at the page before acting. */
  thinkMs: number;
}

/**
 * Which notice faults a provider survives by design, per intent. A dropped notice is
 * recovered only where something else carries the news: a status API we poll
 * (iwocaPay, Ecomtrade24) or Affirm's confirmation redirect. WeGetFinancing has no
 * status API and WiPay's only signal is the browser, so neither is dropped; WiPay's
 * browser may still refresh (duplicate).
 */
const SURVIVABLE: Record<ProviderId, Record<Intent, readonly NoticeFault[]>> = {
  wegetfinancing: {
    pay: ['duplicate', 'delay', 'reorder'],
    leave: ['duplicate', 'delay', 'reorder'],
    cancel: [],
    race: [],
  },
  iwocapay: { pay: NOTICE_FAULTS, leave: NOTICE_FAULTS, cancel: [], race: [] },
  affirm: { pay: NOTICE_FAULTS, leave: ['duplicate', 'delay', 'reorder'], cancel: [], race: [] },
  wipay: { pay: ['duplicate'], leave: [], cancel: [], race: [] },
  ecomtrade24: { pay: NOTICE_FAULTS, leave: NOTICE_FAULTS, cancel: [], race: [] },
};

const NOTICE_FAULT_SHARE = 0.35;

function intentOf(rng: Rng): Intent {
  const roll = rng.next();
  return roll < 0.6 ? 'pay' : roll < 0.8 ? 'cancel' : 'leave';
}

/**
 * `raceShare` of the checkouts (CHAOS_RACES, default none) are races; drawn only when
 * asked for, so a seed gives the same plan as before without them.
 */
export function planCheckouts(count: number, seed: number, rng: Rng, raceShare = 0): CheckoutPlan[] {
  return withEveryNoticeFault(drawPlans(count, seed, rng, raceShare));
}

/**
 * A short run may draw no checkout for some kind of notice fault: the first checkout
 * without one that survives that kind gets it, so every kind happens whenever it can.
 */
function withEveryNoticeFault(plans: CheckoutPlan[]): CheckoutPlan[] {
  for (const fault of NOTICE_FAULTS) {
    if (plans.some((plan) => plan.noticeFault === fault)) continue;
    const taker = plans.find((p) => !p.noticeFault && SURVIVABLE[p.provider][p.intent].includes(fault));
    if (taker) taker.noticeFault = fault;
  }
  return plans;
}

function drawPlans(count: number, seed: number, rng: Rng, raceShare: number): CheckoutPlan[] {
  return Array.from({ length: count }, (_, index) => {
    const provider = PROVIDER_IDS[index % PROVIDER_IDS.length] as ProviderId;
    const intent = raceShare > 0 && rng.chance(raceShare) ? 'race' : intentOf(rng);
    const faults = SURVIVABLE[provider][intent];
    const noticeFault = faults.length > 0 && rng.chance(NOTICE_FAULT_SHARE) ? rng.pick(faults) : undefined;
    const cents = rng.int(1_000, 99_999);
    return {
      index,
      orderId: `chaos-${seed}-${index}`,
      provider,
      amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      intent,
      ...(noticeFault ? { noticeFault } : {}),
      thinkMs: rng.int(0, 1_500),
    };
  });
}
