// The bench's printout: one row per figure (bare | product | ratio), context lines, and
// the single summary line a script can grep. Written to stdout directly, so jest adds
// nothing to the lines.
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function ratio(product: number, bare: number): number {
  return product / bare;
}

/** A compared figure: both arms' values, their ratio (product / bare) and the goal. */
export function printRow(name: string, unit: string, bare: number, product: number, goal: string): void {
  const digits = unit === '/s' ? 1 : 0;
  print(
    `${name.padEnd(30)} bare ${`${fixed(bare, digits)} ${unit}`.padStart(11)} | product ${`${fixed(product, digits)} ${unit}`.padStart(11)} | ratio ${fixed(ratio(product, bare), 2).padStart(5)}   goal ${goal}`,
  );
}

export interface Summary {
  e2e: number;
  openP50: number;
  webhook: number;
  rss10kMib: number;
  eventsHappy: number;
}

export function summaryLine(s: Summary): string {
  return `bench: e2e=${fixed(s.e2e, 2)} open_p50=${fixed(s.openP50, 2)} webhook=${fixed(s.webhook, 2)} rss_10k_mib=${fixed(s.rss10kMib, 0)} events_happy=${s.eventsHappy}`;
}
