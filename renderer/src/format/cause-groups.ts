import type { CompanySummary } from '../../../preload/contract/api-contract';
import { causeLabel } from './cause-labels';
import { companiesCount } from './broken-summary';
import { needsReconnect } from './status-text';

/** Broken companies that the same fix repairs: one Why, one Fix, one Reconnect all. */
export interface CauseGroup {
  readonly cause: string;
  readonly title: string;
  readonly summary: string;
  readonly fix: string;
  readonly companies: readonly CompanySummary[];
}

/** "7 disconnected in QuickBooks": a group's title reads as a count of what happened. */
function groupTitle(cause: string, count: number): string {
  const noun = companiesCount(count);
  switch (cause) {
    case 'revoked':
      return `${count} disconnected in QuickBooks`;
    case 'expired_refresh_token':
      return `${count} unused for 100 days`;
    case 'wrong_environment':
      return `${count} created with other keys`;
    case 'hard_cap_expired':
      return `${count} past Intuit's 5-year limit`;
    case 'stale_refresh_token':
      return `${count} used from an out-of-date copy`;
    default:
      return `${noun}: ${causeLabel(cause).toLocaleLowerCase()}`;
  }
}

/** The broken companies grouped by cause, the largest group first. */
export function causeGroups(companies: readonly CompanySummary[]): CauseGroup[] {
  const groups = new Map<string, CompanySummary[]>();
  for (const company of companies) {
    if (!needsReconnect(company)) continue;
    const cause = company.cause ?? 'unknown';
    groups.set(cause, [...(groups.get(cause) ?? []), company]);
  }
  return [...groups]
    .map(([cause, members]) => {
      const first = members[0];
      return {
        cause,
        title: groupTitle(cause, members.length),
        summary: first?.causeSummary ?? 'Intuit no longer accepts these connections.',
        fix: first?.fix ?? 'Reconnect them.',
        companies: members,
      };
    })
    .sort((left, right) => right.companies.length - left.companies.length || left.title.localeCompare(right.title));
}
