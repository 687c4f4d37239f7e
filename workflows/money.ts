// Money conversions, in the one place both sides may import: workflow code may not import
// src/, so the conversions live here and src/money.ts builds on them. Decimal strings at
// the edges, integer minor units for arithmetic; no floating-point value holds an amount.

const DECIMAL = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;

/** "49.95" → 4995, "12" → 1200; undefined when it is not a plain decimal with at most 2 decimals. */
export function minorOf(amount: string): number | undefined {
  const match = DECIMAL.exec(amount);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 4995 → "49.95". Callers pass sums and differences of parsed amounts, never below 0. */
export function decimalOf(minor: number): string {
  const whole = Math.trunc(minor / 100);
  return `${whole}.${String(minor - whole * 100).padStart(2, '0')}`;
}
