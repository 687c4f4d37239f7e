// Comparing what a provider reports with what the checkout asked for. Workflow code may
// not import src/money.ts, and needs no arithmetic: two decimal strings denote the same
// amount when their digits agree once leading and trailing zeros are dropped.

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "049.90" → "49.9", "1344.00" → "1344"; undefined when it is not a plain decimal. */
function canonicalDecimal(value: string): string | undefined {
  const match = DECIMAL.exec(value.trim());
  if (!match) return undefined;
  const whole = (match[1] as string).replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** True when both are decimal strings of the same amount; anything unreadable is not the same. */
export function sameDecimal(a: string, b: string): boolean {
  const left = canonicalDecimal(a);
  return left !== undefined && left === canonicalDecimal(b);
}

/** ISO 4217 codes compared without regard to case ("gbp" is GBP). */
export function sameCurrency(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

export interface Money {
  amount: string;
  currency: string;
}

/** What a provider said, each part only when it said it. */
export interface ReportedMoney {
  amount?: string;
  currency?: string;
}

/** True when a reported part differs from the expected one; an absent part is nothing to compare. */
export function differs(expected: Money, reported: ReportedMoney): boolean {
  if (reported.amount !== undefined && !sameDecimal(reported.amount, expected.amount)) return true;
  return reported.currency !== undefined && !sameCurrency(reported.currency, expected.currency);
}
