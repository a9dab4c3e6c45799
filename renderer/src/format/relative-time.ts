const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "just now", "5 minutes ago", "in 3 days": coarse on purpose, the exact time is on hover. */
export function formatRelative(at: number, now: number): string {
  const difference = at - now;
  const distance = Math.abs(difference);
  if (distance < 45_000) return 'just now';
  let amount: string;
  if (distance < hour) amount = plural(Math.max(1, Math.round(distance / minute)), 'minute');
  else if (distance < day) amount = plural(Math.round(distance / hour), 'hour');
  else if (distance < 60 * day) amount = plural(Math.round(distance / day), 'day');
  else if (distance < 730 * day) amount = plural(Math.round(distance / (30 * day)), 'month');
  else amount = plural(Math.round(distance / (365 * day)), 'year');
  return difference < 0 ? `${amount} ago` : `in ${amount}`;
}

/** The exact local date and time, for tooltips and the event history. */
const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatAbsolute(at: number): string {
  // One shared formatter: building one per call costs more than the rest of a 300-row render.
  return absoluteFormat.format(at);
}

/** Whole days from now until `at`, rounded down, never below zero. */
export function daysUntil(at: number, now: number): number {
  return Math.max(0, Math.floor((at - now) / day));
}
