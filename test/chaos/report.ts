// What a soak prints besides its one line: the faults by kind, and on failure what went
// wrong with which checkout, so a failing run can be reported precisely.
import type { SoakResult } from './soak';

export function soakReport(result: SoakResult, maxFindings = 40): string[] {
  const kinds = Object.entries(result.faultsByKind).map(([kind, count]) => `${kind} ${count}`);
  const lines = [`chaos: faults by kind: ${kinds.join(', ')}; wall ${Math.round(result.wallMs / 1000)} s`];
  const outcomes = Object.entries(result.outcomes).sort(([a], [b]) => a.localeCompare(b));
  lines.push(`chaos: outcomes: ${outcomes.map(([key, count]) => `${key} ${count}`).join(', ')}`);
  if (result.unexpectedExits.length > 0) lines.push(`chaos: crashed: ${result.unexpectedExits.join('; ')}`);
  if (result.startFailures.length > 0)
    lines.push(`chaos: gave up starting (restarted): ${result.startFailures.join('; ')}`);
  if (result.verdict.unpaidButCompleted > 0)
    lines.push(`chaos: orders without a payment at the provider: ${result.verdict.unpaidButCompleted}`);
  if (result.verdict.unauthorizedAfterCancel > 0)
    lines.push(
      `chaos: Affirm confirmations never authorized after a merchant cancel (no money held): ${result.verdict.unauthorizedAfterCancel}`,
    );
  for (const finding of result.verdict.findings.slice(0, maxFindings))
    lines.push(`chaos: finding: ${finding}`);
  for (const error of result.driverErrors.slice(0, maxFindings)) lines.push(`chaos: driver: ${error}`);
  return lines;
}
