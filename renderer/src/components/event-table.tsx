import type { CompanySummary, EventView } from '../../../preload/contract/api-contract';
import { causeLabel, eventKindLabel } from '../format/cause-labels';
import { RelativeTime } from './relative-time';

function outcomeClass(outcome: string | null): string {
  if (outcome === null) return '';
  if (outcome === 'succeeded' || outcome === 'revoked' || outcome === 'refreshed') return 'good-text';
  if (outcome === 'rejected' || outcome === 'failed') return 'error-text';
  return 'warning-text';
}

/** The event history: when, what, the outcome and its cause, and Intuit's id for the call. */
export function EventTable({ events, now, companies }: { readonly events: readonly EventView[]; readonly now: number; readonly companies?: ReadonlyMap<string, CompanySummary> }) {
  return (
    <table className="event-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          {companies === undefined ? null : <th scope="col">Company</th>}
          <th scope="col">What</th>
          <th scope="col">Outcome</th>
          <th scope="col">Details</th>
          <th scope="col">Intuit id (intuit_tid)</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>
              <RelativeTime at={event.at} now={now} />
            </td>
            {companies === undefined ? null : <td>{event.companyId === null ? '—' : (companies.get(event.companyId)?.name ?? 'Removed company')}</td>}
            <td>{eventKindLabel(event.kind)}</td>
            <td className={outcomeClass(event.outcome)}>{event.outcome ?? '—'}</td>
            <td>
              {event.cause === null ? null : <strong>{causeLabel(event.cause)}. </strong>}
              {event.message ?? ''}
              {event.intuitError === null ? null : <span className="muted"> ({event.intuitError}{event.httpStatus === null ? '' : `, HTTP ${event.httpStatus}`})</span>}
            </td>
            <td className="mono small">{event.intuitTid ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
