const units: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3_600_000],
  ['day', 24 * 3_600_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

let formatter: Intl.RelativeTimeFormat | undefined;

/**
 * Made on first use: building it loads ICU's locale data, 25–40 ms that every `realmkeeper token`
 * paid at start-up while only a failure message ever needs it (`npm run bench`, its CPU profile).
 */
function relativeTimeFormat(): Intl.RelativeTimeFormat {
  formatter ??= new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  return formatter;
}

/**
 * "in 3 days", "2 hours ago", "just now". The largest unit that fits at least twice (so 36 hours
 * reads "in 36 hours", not "in 1 day"), except years, which read better from one.
 */
export function relativeTime(time: number, now: number): string {
  const difference = time - now;
  const distance = Math.abs(difference);
  if (distance < 45_000) return difference >= 0 ? 'in a few seconds' : 'just now';
  for (const [unit, size] of units) {
    const minimum = unit === 'year' ? size : 2 * size;
    if (distance >= minimum || unit === 'minute') {
      const count = Math.max(1, Math.round(distance / size));
      return relativeTimeFormat().format(difference < 0 ? -count : count, unit);
    }
  }
  return relativeTimeFormat().format(Math.round(difference / 60_000), 'minute');
}

export function isoTime(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

/** "in 3 days (2025-07-01T10:00:00.000Z)", or "never" / "unknown" for a missing time. */
export function describeTime(time: number | null, now: number, missing = 'unknown'): string {
  return time === null ? missing : `${relativeTime(time, now)} (${new Date(time).toISOString()})`;
}
