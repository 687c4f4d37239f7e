// The final total WiPay's redirect shows: the requested total plus the transaction fee
// the fee_structure puts on the customer (all of it under customer_pay, half under split,
// none under merchant_absorb). Rates are WiPay's documented BASIC FREE plan rates
// (Payments API v1.0.8, Transaction Fee Rates): BB 3.80 % + 15 % tax on that fee,
// GY and JM 4.20 % + 15 % GCT, TT 3.50 % + USD 0.25 (TTD 1.70 at the documented static
// 6.80 rate). Simulator's choices where the docs say nothing: GD has no fee, TT's fixed
// part is left out for other currencies, and cents round half up (half the fee as well).
import { fromMinorUnits, toMinorUnits } from '../../money';
import type { WipayCountryCode, WipayFeeStructure } from '../../providers/wipay/config';

interface FeeRate {
  basisPoints: bigint;
  /** Tax on the percentage fee, in percent. */
  taxPercent: bigint;
  /** Fixed part in minor units, by currency. */
  fixedMinor: Readonly<Record<string, bigint>>;
}

const RATES: Record<WipayCountryCode, FeeRate> = {
  BB: { basisPoints: 380n, taxPercent: 15n, fixedMinor: {} },
  GD: { basisPoints: 0n, taxPercent: 0n, fixedMinor: {} },
  GY: { basisPoints: 420n, taxPercent: 15n, fixedMinor: {} },
  JM: { basisPoints: 420n, taxPercent: 15n, fixedMinor: {} },
  TT: { basisPoints: 350n, taxPercent: 0n, fixedMinor: { USD: 25n, TTD: 170n } },
};

/** Integer division rounding half up, for non-negative values. */
const roundedDiv = (value: bigint, divisor: bigint) => (value * 2n + divisor) / (divisor * 2n);

/** WiPay's whole transaction fee on a requested total, in minor units. */
export function transactionFeeMinor(total: string, countryCode: WipayCountryCode, currency: string): bigint {
  const rate = RATES[countryCode];
  const percentage = roundedDiv(
    BigInt(toMinorUnits(total)) * rate.basisPoints * (100n + rate.taxPercent),
    1_000_000n,
  );
  return percentage + (rate.fixedMinor[currency] ?? 0n);
}

/** The redirect's `total`: what the customer is debited, 2 decimals. */
export function finalTotal(
  total: string,
  feeStructure: WipayFeeStructure,
  countryCode: WipayCountryCode,
  currency: string,
): string {
  const fee = transactionFeeMinor(total, countryCode, currency);
  const charged = { customer_pay: fee, split: roundedDiv(fee, 2n), merchant_absorb: 0n }[feeStructure];
  return fromMinorUnits(Number(BigInt(toMinorUnits(total)) + charged));
}
