import type { CompanySummary } from '../../../preload/contract/api-contract';
import { expiryHorizon } from './company-text';
import { attentionRank, displayStatusOf, type DisplayStatus } from './status-text';

export type CompanySort = 'attention' | 'name' | 'expiry' | 'checked';
export type StatusFilter = 'all' | 'attention' | DisplayStatus;

export interface CompanyQuery {
  readonly search: string;
  readonly status: StatusFilter;
  readonly sort: CompanySort;
}

export const defaultCompanyQuery: CompanyQuery = { search: '', status: 'all', sort: 'attention' };

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Broken, shaky, or about to expire: what a bookkeeper should look at today. */
export function needsAttention(company: CompanySummary, now: number): boolean {
  return attentionRank[displayStatusOf(company)] <= attentionRank.retrying || expiryHorizon(company, now) !== null;
}

function matchesStatus(company: CompanySummary, filter: StatusFilter, now: number): boolean {
  if (filter === 'all') return true;
  const status = displayStatusOf(company);
  if (filter === 'attention') return needsAttention(company, now);
  return status === filter;
}

function nullsLast(value: number | null): number {
  return value ?? Number.POSITIVE_INFINITY;
}

function compare(sort: CompanySort): (left: CompanySummary, right: CompanySummary) => number {
  switch (sort) {
    case 'attention':
      return (left, right) =>
        attentionRank[displayStatusOf(left)] - attentionRank[displayStatusOf(right)] ||
        nullsLast(left.refreshExpiresAt) - nullsLast(right.refreshExpiresAt) ||
        byName.compare(left.name, right.name);
    case 'name':
      return (left, right) => byName.compare(left.name, right.name);
    case 'expiry':
      return (left, right) => nullsLast(left.refreshExpiresAt) - nullsLast(right.refreshExpiresAt) || byName.compare(left.name, right.name);
    case 'checked':
      // Oldest knowledge first: those are the companies the app knows least about now.
      return (left, right) => (left.lastCheckedAt ?? 0) - (right.lastCheckedAt ?? 0) || byName.compare(left.name, right.name);
    default:
      return missingCase(sort);
  }
}

export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

/** Search by name (or realm id), filter by status, sort: the dashboard's list, needing-attention first by default. */
/** Curly and straight apostrophes and quotes match each other: "Larry’s" finds "Larry's". */
export function searchable(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"').toLocaleLowerCase();
}

export function orderCompanies(companies: readonly CompanySummary[], query: CompanyQuery, now = Date.now()): CompanySummary[] {
  const needle = searchable(query.search.trim());
  return companies
    .filter((company) => needle === '' || searchable(company.name).includes(needle) || company.realmId.includes(needle))
    .filter((company) => matchesStatus(company, query.status, now))
    .sort(compare(query.sort));
}

export function countByStatus(companies: readonly CompanySummary[]): Record<DisplayStatus, number> {
  const counts: Record<DisplayStatus, number> = { connected: 0, refreshing: 0, needs_reconnect: 0, retrying: 0, disconnected: 0 };
  for (const company of companies) counts[displayStatusOf(company)] += 1;
  return counts;
}
