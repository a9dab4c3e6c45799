import type { StoredEvent } from '../../core/storage/event-log';
import { relativeTime } from './relative-time';

/** One line per event, newest first: time, company, what happened, how it ended, Intuit's tid. */
export function formatEventLines(events: readonly StoredEvent[], companyNames: ReadonlyMap<string, string>, now: number): string[] {
  if (events.length === 0) return ['No events recorded yet.'];
  return events.map((event) => {
    const parts = [
      new Date(event.at).toISOString(),
      `(${relativeTime(event.at, now)})`,
      event.companyId === null ? '-' : (companyNames.get(event.companyId) ?? event.companyId),
      event.kind,
    ];
    if (event.outcome !== null) parts.push(event.outcome);
    if (event.httpStatus !== null) parts.push(`HTTP ${event.httpStatus}`);
    if (event.intuitError !== null) parts.push(event.intuitError);
    if (event.cause !== null) parts.push(`cause=${event.cause}`);
    if (event.intuitTid !== null) parts.push(`intuit_tid=${event.intuitTid}`);
    if (event.message !== null) parts.push(`— ${event.message}`);
    return parts.join('  ');
  });
}

export function eventJson(event: StoredEvent, companyNames: ReadonlyMap<string, string>): Record<string, unknown> {
  return {
    ...event,
    at: new Date(event.at).toISOString(),
    companyName: event.companyId === null ? null : (companyNames.get(event.companyId) ?? null),
  };
}
