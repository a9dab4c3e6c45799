import type { CompanySummary } from '../../../preload/contract/api-contract';
import { needsReconnect } from './status-text';

/** "1 company", "15 companies": the count a banner or a header says, with the right noun. */
export function companiesCount(count: number): string {
  return `${count} ${count === 1 ? 'company' : 'companies'}`;
}

/** The red line, read from the companies themselves, never from a queue of notices. */
export function brokenTitle(broken: readonly Pick<CompanySummary, 'name'>[]): string {
  const [only] = broken;
  if (broken.length === 1 && only !== undefined) return `${only.name} needs reconnecting`;
  return `${companiesCount(broken.length)} need reconnecting`;
}

/** Names, as many as read well on one line, then how many more. */
export function namesLine(companies: readonly Pick<CompanySummary, 'name'>[], shown = 5): string {
  const names = companies.slice(0, shown).map((company) => company.name);
  const more = companies.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}

export function brokenCompanies(companies: readonly CompanySummary[]): CompanySummary[] {
  return companies.filter(needsReconnect);
}
