import type { EventView } from '../../../preload/contract/api-contract';
import { causeLabel, eventKindLabel } from '../format/cause-labels';
import { codesLine, historyLines, outcomeText, plainMessage } from '../format/history-lines';
import { RelativeTime } from './relative-time';

type Tone = 'good' | 'bad' | 'warn' | 'plain';

function toneOf(event: EventView): Tone {
  if (event.kind === 'needs_reconnect' || event.outcome === 'rejected' || event.outcome === 'needs_reconnect') return 'bad';
  if (event.kind === 'expiry_warning' || event.kind === 'outage_suspected' || event.outcome === 'failed' || event.outcome === 'unknown') return 'warn';
  if (event.outcome === 'succeeded' || event.outcome === 'connected') return 'good';
  return 'plain';
}

/** A company's life, newest first: connected, refreshed, warned, broken with its cause, reconnected. */
export function CompanyTimeline({ events, now }: { readonly events: readonly EventView[]; readonly now: number }) {
  return (
    <ol className="timeline" aria-label="Timeline">
      {historyLines(events).map(({ key, main, events: folded }) => (
        <li key={key} className={`timeline-entry timeline-${toneOf(main)}`} data-testid="history-line">
          <span className="timeline-when small muted">
            <RelativeTime at={main.at} now={now} />
          </span>
          <span className="timeline-what">
            <strong>{eventKindLabel(main.kind)}</strong> — {outcomeText(main.outcome)}
            {main.cause === null ? null : <>: {causeLabel(main.cause)}</>}
            {plainMessage(main.message) === null ? null : <span className="muted"> · {plainMessage(main.message)}</span>}
            <details className="codes">
              <summary>Details for support</summary>
              <span className="mono small">{codesLine(folded)}</span>
            </details>
          </span>
        </li>
      ))}
    </ol>
  );
}
