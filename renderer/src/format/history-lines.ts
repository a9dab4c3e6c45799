import type { EventView } from '../../../preload/contract/api-contract';

/**
 * One line of history as the bookkeeper reads it: a failure is one line, however many calls it
 * took to be sure (Intuit's refusal, the one retry, the verdict); the calls stay in `events`
 * for the details line and exports.
 */
export interface HistoryLine {
  readonly key: number;
  /** The event that says what happened (the verdict when there is one). */
  readonly main: EventView;
  /** Every event folded into this line, newest first, `main` included. */
  readonly events: readonly EventView[];
}

/** A verdict follows its refusals within the token keeper's confirm delay; minutes is generous. */
const foldWindowMs = 10 * 60_000;

function isRefusal(event: EventView): boolean {
  return (event.kind === 'refresh' || event.kind === 'outage_suspected') && event.outcome !== 'succeeded';
}

/** Folds events (newest first, as the log lists them) into lines. */
export function historyLines(events: readonly EventView[]): HistoryLine[] {
  const lines: HistoryLine[] = [];
  let index = 0;
  while (index < events.length) {
    const main = events[index];
    if (main === undefined) break;
    const folded: EventView[] = [main];
    index += 1;
    if (main.kind === 'needs_reconnect') {
      for (let next = events[index]; next !== undefined && next.companyId === main.companyId && isRefusal(next) && main.at - next.at <= foldWindowMs; next = events[index]) {
        folded.push(next);
        index += 1;
      }
    }
    lines.push({ key: main.id, main, events: folded });
  }
  return lines;
}

/** Outcome codes as words; a code this window does not know is shown as its words. */
const outcomeWords: Readonly<Record<string, string>> = {
  succeeded: 'Worked',
  connected: 'Connected',
  rejected: 'Intuit refused',
  failed: 'No answer from Intuit',
  unknown: 'Answer lost on the way',
  needs_reconnect: 'Needs reconnecting',
  retrying: 'Will try again',
  warning: 'Warning',
  revoked: 'Disconnected at Intuit',
};

export function outcomeText(outcome: string | null): string {
  if (outcome === null) return '—';
  return outcomeWords[outcome] ?? outcome.replace(/_/g, ' ');
}

/** The codes support asks for, on one line: Intuit's error, the HTTP status, Intuit's id per call. */
export function codesLine(events: readonly EventView[]): string {
  const parts: string[] = [];
  for (const event of events) {
    const codes = [event.kind, event.outcome, event.message !== null && event.message !== plainMessage(event.message) ? event.message : null, event.intuitError, event.httpStatus === null ? null : `HTTP ${event.httpStatus}`, event.cause, event.intuitTid === null ? null : `intuit_tid ${event.intuitTid}`];
    parts.push(codes.filter((code): code is string => code !== null).join(' '));
  }
  return parts.join(' · ');
}

/**
 * A stored message as the window shows it: a code the core put in brackets, such as
 * "(token_unavailable)" or "(invalid_grant, HTTP 400)", stays in the details line instead.
 */
export function plainMessage(message: string | null): string | null {
  if (message === null) return null;
  return message.replace(/\s*\((?:[a-z]+_[a-z_]+|HTTP \d{3})(?:, (?:[a-z]+_[a-z_]+|HTTP \d{3}))*\)/g, '').trim();
}
