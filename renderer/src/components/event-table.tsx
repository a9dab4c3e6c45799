import type { CompanySummary, EventView } from '../../../preload/contract/api-contract';
import { causeLabel, eventKindLabel } from '../format/cause-labels';
import { codesLine, historyLines, outcomeText, plainMessage } from '../format/history-lines';
import { RelativeTime } from './relative-time';

function outcomeClass(outcome: string | null): string {
  if (outcome === null) return '';
  if (outcome === 'succeeded' || outcome === 'connected' || outcome === 'refreshed') return 'good-text';
  if (outcome === 'rejected' || outcome === 'failed' || outcome === 'needs_reconnect') return 'error-text';
  return 'warning-text';
}

/**
 * The history in words: when, what, the outcome and its cause, one line per thing that happened.
 * The codes support needs (Intuit's error, HTTP status, Intuit's id) sit folded in a details line.
 */
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
        </tr>
      </thead>
      <tbody>
        {historyLines(events).map(({ key, main, events: folded }) => (
          <tr key={key} data-testid="history-line">
            <td>
              <RelativeTime at={main.at} now={now} />
            </td>
            {companies === undefined ? null : <td>{main.companyId === null ? '—' : (companies.get(main.companyId)?.name ?? 'Removed company')}</td>}
            <td>{eventKindLabel(main.kind)}</td>
            <td className={outcomeClass(main.outcome)}>{outcomeText(main.outcome)}</td>
            <td>
              {main.cause === null ? null : <strong>{causeLabel(main.cause)}. </strong>}
              {plainMessage(main.message) ?? ''}
              <details className="codes">
                <summary>Details for support</summary>
                <span className="mono small">{codesLine(folded)}</span>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
