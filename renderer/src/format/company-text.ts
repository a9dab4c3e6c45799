import type { CompanySummary } from '../../../preload/contract/api-contract';
import { daysUntil, formatRelative } from './relative-time';

const dayMs = 86_400_000;
/** Under this, the horizon is worth a line (amber). */
export const expiryNoticeDays = 30;
/** Under this, it is urgent (red). */
export const expiryUrgentDays = 14;

export interface ExpiryHorizon {
  readonly text: string;
  readonly tone: 'amber' | 'red';
  readonly at: number;
  /** Which limit ends the connection first: the ~100-day refresh token or Intuit's 5-year cap. */
  readonly limit: 'unused' | 'five_years';
}

/**
 * The one horizon worth showing, or null: nothing while both limits are more than 30 days away
 * (a healthy company, refreshed daily), and nothing on a broken company (it is over already).
 */
export function expiryHorizon(company: Pick<CompanySummary, 'status' | 'refreshExpiresAt' | 'refreshHardExpiresAt'>, now: number): ExpiryHorizon | null {
  if (company.status === 'needs_reconnect' || company.status === 'disconnected') return null;
  const candidates: Array<{ at: number; limit: ExpiryHorizon['limit'] }> = [];
  if (company.refreshExpiresAt !== null) candidates.push({ at: company.refreshExpiresAt, limit: 'unused' });
  if (company.refreshHardExpiresAt !== null) candidates.push({ at: company.refreshHardExpiresAt, limit: 'five_years' });
  const first = candidates.sort((left, right) => left.at - right.at)[0];
  if (first === undefined || first.at - now >= expiryNoticeDays * dayMs) return null;
  const tone = first.at - now < expiryUrgentDays * dayMs ? 'red' : 'amber';
  if (first.at <= now) return { text: 'Connection expired', tone: 'red', at: first.at, limit: first.limit };
  const days = daysUntil(first.at, now);
  const when = days < 1 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  const text = first.limit === 'five_years' ? `Intuit's 5-year limit ends it ${when}` : `Expires ${when} unless refreshed`;
  return { text, tone, at: first.at, limit: first.limit };
}

/** One line on what happens to the connection if nothing is done, only when it matters. */
export function expiryText(company: CompanySummary, now: number): string | null {
  return expiryHorizon(company, now)?.text ?? null;
}

export function retryText(company: CompanySummary, now: number): string | null {
  if (company.status !== 'retrying') return null;
  const when = company.retryAt === null ? 'soon' : company.retryAt <= now ? 'now' : formatRelative(company.retryAt, now);
  // In an outage Intuit answers, and refuses good connections: say so, not "did not answer".
  if (company.retryReason === 'outage') return `Intuit refused this connection, as it does during an outage; trying again ${when}. Nothing to do yet.`;
  return `Intuit did not answer; trying again ${when}. Nothing to do yet.`;
}
