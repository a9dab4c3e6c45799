import type { ResultOf } from '../../preload/contract/api-contract';
import type { StoredEvent } from '../core/storage/event-log';

const dayMs = 86_400_000;

/**
 * Counts the `invalid_grant` answers in the event log by cause and by (UTC) day: the one number
 * this app exists to drive to zero. Events without a diagnosed cause count as `unknown`.
 */
export function summarizeInvalidGrants(events: readonly Pick<StoredEvent, 'at' | 'intuitError' | 'cause'>[], days: number, now: number): ResultOf<'activity:summary'> {
  const since = now - days * dayMs;
  const byCause = new Map<string, number>();
  const byDay = new Map<string, number>();
  for (const event of events) {
    if (event.intuitError !== 'invalid_grant' || event.at < since || event.at > now) continue;
    const cause = event.cause ?? 'unknown';
    byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
    const day = new Date(event.at).toISOString().slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  return {
    days,
    invalidGrantsByCause: [...byCause].map(([cause, count]) => ({ cause, count })).sort((left, right) => right.count - left.count || left.cause.localeCompare(right.cause)),
    byDay: [...byDay].map(([day, count]) => ({ day, count })).sort((left, right) => left.day.localeCompare(right.day)),
  };
}

export function activityWindowStart(days: number, now: number): number {
  return now - days * dayMs;
}
