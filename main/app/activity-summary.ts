import type { ResultOf } from '../../preload/contract/api-contract';
import type { StoredEvent } from '../core/storage/event-log';

const dayMs = 86_400_000;

type SummarizedEvent = Pick<StoredEvent, 'at' | 'companyId' | 'kind' | 'intuitError' | 'cause'>;

/**
 * The cause of an `invalid_grant` the token call itself could not name: Intuit's answer does not
 * say why, and the engine names the cause only once it has confirmed it (the company's next
 * `needs_reconnect` event). One never confirmed (an outage that passed) is `unconfirmed`.
 */
function causeOf(event: SummarizedEvent, confirmations: readonly SummarizedEvent[]): string {
  if (event.cause !== null) return event.cause;
  const confirmation = confirmations.find((candidate) => candidate.companyId === event.companyId && candidate.at >= event.at);
  return confirmation?.cause ?? 'unconfirmed';
}

/**
 * Counts the `invalid_grant` answers in the event log by cause and by (UTC) day: the one number
 * this app exists to drive to zero.
 */
export function summarizeInvalidGrants(events: readonly SummarizedEvent[], days: number, now: number): ResultOf<'activity:summary'> {
  const since = now - days * dayMs;
  const confirmations = events.filter((event) => event.kind === 'needs_reconnect' && event.cause !== null).sort((left, right) => left.at - right.at);
  const byCause = new Map<string, number>();
  const byDay = new Map<string, number>();
  for (const event of events) {
    if (event.intuitError !== 'invalid_grant' || event.at < since || event.at > now) continue;
    const cause = causeOf(event, confirmations);
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
