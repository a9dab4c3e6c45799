import type { CompanyStatus, Environment } from '../../../preload/contract/api-contract';
import type { CompanySummary } from '../../../preload/contract/api-contract';

/** What the dashboard shows for a company: its stored status, or "refreshing" while one runs. */
export type DisplayStatus = CompanyStatus | 'refreshing';

export function displayStatusOf(company: Pick<CompanySummary, 'status' | 'refreshing'>): DisplayStatus {
  return company.refreshing && company.status !== 'needs_reconnect' ? 'refreshing' : company.status;
}

export const statusLabels: Readonly<Record<DisplayStatus, string>> = {
  connected: 'Connected',
  refreshing: 'Refreshing',
  needs_reconnect: 'Needs reconnect',
  retrying: 'Retrying',
  disconnected: 'Disconnected',
};

export const environmentLabels: Readonly<Record<Environment, string>> = {
  sandbox: 'Sandbox',
  production: 'Production',
};

/** Lower comes first: what needs the bookkeeper's hands, then what is shaky, then the rest. */
export const attentionRank: Readonly<Record<DisplayStatus, number>> = {
  needs_reconnect: 0,
  disconnected: 1,
  retrying: 2,
  refreshing: 3,
  connected: 4,
};

export function needsReconnect(company: Pick<CompanySummary, 'status'>): boolean {
  return company.status === 'needs_reconnect' || company.status === 'disconnected';
}
