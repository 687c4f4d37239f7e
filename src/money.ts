// Money stays a decimal string or integer minor units in our code. Every conversion
// here is string and integer work: no floating-point arithmetic touches an amount. The
// conversions themselves live in workflows/money.ts, so the workflows use the same rules.
import { decimalOf, minorOf } from '../workflows/money';

export class InvalidAmountError extends Error {
  constructor(value: string) {
    super(`invalid amount ${JSON.stringify(value)}: expected a non-negative decimal with at most 2 decimals`);
    this.name = 'InvalidAmountError';
  }
}

export function isDecimalAmount(value: string): boolean {
  return minorOf(value) !== undefined;
}

/** "49.95" → 4995, "1344" → 134400, "0.1" → 10. */
export function toMinorUnits(amount: string): number {
  const minor = minorOf(amount);
  if (minor === undefined) throw new InvalidAmountError(amount);
  return minor;
}

/** 4995 → "49.95". */
export function fromMinorUnits(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new InvalidAmountError(String(minor));
  return decimalOf(minor);
}

/** "1344" → "1344.00", "0.1" → "0.10": the 2-decimal form most providers want. */
export function toTwoDecimals(amount: string): string {
  return fromMinorUnits(toMinorUnits(amount));
}

/**
 * A JSON number with the same digits, for APIs that want a number (iwocaPay's GBP
 * amount). Number() parses the canonical 2-decimal string and JSON prints the
 * shortest form that round-trips, so the digits on the wire are the decimal we hold.
 */
export function toJsonNumber(amount: string): number {
  return Number(toTwoDecimals(amount));
}

/** True when two decimal strings denote the same amount ("1344" and "1344.00"). */
export function sameAmount(a: string, b: string): boolean {
  return isDecimalAmount(a) && isDecimalAmount(b) && toMinorUnits(a) === toMinorUnits(b);
}
