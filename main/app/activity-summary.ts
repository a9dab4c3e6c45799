import type { ResultOf } from '../../preload/contract/api-contract';
import type { EventPage, EventQuery, StoredEvent } from '../core/storage/event-log';

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
 * Counts the companies Intuit refused with `invalid_grant`, by cause and by (UTC) day: the one
 * number this app exists to drive to zero. A company counts once per cause and once per day,
 * however many refusals it took to be sure (a refusal is always retried once before it counts).
 */
export function summarizeInvalidGrants(events: readonly SummarizedEvent[], days: number, now: number): ResultOf<'activity:summary'> {
  const since = now - days * dayMs;
  const confirmations = events.filter((event) => event.kind === 'needs_reconnect' && event.cause !== null).sort((left, right) => left.at - right.at);
  const byCause = new Map<string, Set<string>>();
  const byDay = new Map<string, Set<string>>();
  const companies = new Set<string>();
  for (const event of events) {
    if (event.intuitError !== 'invalid_grant' || event.at < since || event.at > now) continue;
    const company = event.companyId ?? `event-${event.at}`;
    companies.add(company);
    addTo(byCause, causeOf(event, confirmations), company);
    addTo(byDay, new Date(event.at).toISOString().slice(0, 10), company);
  }
  return {
    days,
    companiesLost: companies.size,
    invalidGrantsByCause: [...byCause].map(([cause, set]) => ({ cause, count: set.size })).sort((left, right) => right.count - left.count || left.cause.localeCompare(right.cause)),
    byDay: [...byDay].map(([day, set]) => ({ day, count: set.size })).sort((left, right) => left.day.localeCompare(right.day)),
  };
}

function addTo(map: Map<string, Set<string>>, key: string, member: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(member);
  map.set(key, set);
}

export function activityWindowStart(days: number, now: number): number {
  return now - days * dayMs;
}

/** Invalid-grant counting reads at most this many events (40 pages of the log's page size). */
const activityPageLimit = 40;

/** Reads the window's events page by page (bounded) and summarizes them. */
export function readActivitySummary(readEvents: (query: EventQuery) => EventPage, days: number, now: number): ResultOf<'activity:summary'> {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < activityPageLimit; page += 1) {
    const result = readEvents({ since: activityWindowStart(days, now), limit: 500, cursor });
    events.push(...result.events);
    cursor = result.nextCursor;
    if (cursor === null) break;
  }
  return summarizeInvalidGrants(events, days, now);
}
