// Ecomtrade24's `expires_at`, in every form we know of, as an ISO-8601 instant. The docs
// show "YYYY-MM-DD HH:MM:SS" without a zone; no zone is documented for it, so it is taken
// as UTC (docs/providers.md says so). An ISO-8601 value with a zone ("…T12:30:00+02:00",
// "…Z") is converted by its offset. A T form without a zone is refused: it is local time
// somewhere, and guessing where would move the expiry by hours.

// Date, a space or a T, time, then an optional fraction and an optional zone.
const PROVIDER_TIME =
  /^(\d{4})-(\d{2})-(\d{2})([ T])(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;
const MAX_OFFSET_MINUTES = 14 * 60;

export type ProviderTime = { iso: string } | { problem: string };

/** "+02:00" / "-0530" / "Z" → minutes east of UTC; undefined when out of range. */
function offsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

export function parseProviderTime(value: string): ProviderTime {
  const match = PROVIDER_TIME.exec(value.trim());
  if (!match) return { problem: 'expected "YYYY-MM-DD HH:MM:SS" or ISO 8601 with a zone' };
  const [, date1, date2, date3, separator, time1, time2, time3, fraction = '', zone] = match;
  if (separator !== ' ' && zone === undefined) return { problem: 'an ISO 8601 time needs a zone' };
  const offset = offsetMinutes(zone ?? 'Z');
  if (offset === undefined) return { problem: 'zone offset out of range' };
  const fields = [date1, date2, date3, time1, time2, time3].map(Number);
  const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date rolls 02-30 over to March and 24:00 into the next day; reading the fields back catches both.
  const readBack = [
    wall.getUTCFullYear(),
    wall.getUTCMonth() + 1,
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  ];
  if (readBack.some((field, index) => field !== fields[index])) return { problem: 'not a real date' };
  return { iso: new Date(wall.getTime() - offset * 60_000).toISOString() };
}
