import { explainCause, type Cause } from '../diagnosis/causes';
import { readAllCompanyHealth, type CompanyHealth } from '../storage/company-health';
import { listCompanies, type Company } from '../storage/company-repository';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { SqliteDatabase } from '../storage/sqlite';

/** How a company looks to the bookkeeper; `retrying` is a connected company backing off. */
export type CompanyStatusView = 'connected' | 'retrying' | 'needs_reconnect' | 'disconnected';

export interface CompanyView {
  readonly id: string;
  readonly name: string;
  readonly realmId: string;
  readonly environment: IntuitEnvironment;
  readonly status: CompanyStatusView;
  readonly cause: Cause | null;
  readonly causeSummary: string | null;
  readonly fix: string | null;
  readonly retryReason: string | null;
  readonly retryAt: number | null;
  readonly lastRefreshAt: number | null;
  /** When the app last confirmed the connection works (refresh or API call). */
  readonly lastCheckedAt: number | null;
  readonly accessExpiresAt: number | null;
  readonly refreshExpiresAt: number | null;
  readonly refreshHardExpiresAt: number | null;
}

export function toCompanyView(company: Company, health: CompanyHealth): CompanyView {
  const cause = (company.cause as Cause | null) ?? (health.retryReason === 'outage' ? 'outage' : null);
  const explanation = cause === null ? undefined : explainCause(cause);
  const retrying = company.status === 'connected' && health.retryNotBefore !== null;
  return {
    id: company.id,
    name: company.name,
    realmId: company.realmId,
    environment: company.environment,
    status: retrying ? 'retrying' : company.status,
    cause,
    causeSummary: explanation?.summary ?? null,
    fix: explanation?.fix ?? null,
    retryReason: health.retryReason,
    retryAt: health.retryNotBefore,
    lastRefreshAt: company.lastRefreshAt,
    lastCheckedAt: health.lastCheckedAt ?? company.lastRefreshAt,
    accessExpiresAt: company.accessExpiresAt,
    refreshExpiresAt: company.refreshExpiresAt,
    refreshHardExpiresAt: company.refreshHardExpiresAt,
  };
}

export function listCompanyViews(database: SqliteDatabase): CompanyView[] {
  const health = readAllCompanyHealth(database);
  return listCompanies(database).map((company) => {
    const companyHealth = health.get(company.id);
    if (companyHealth === undefined) throw new Error(`Company ${company.id} vanished while listing`);
    return toCompanyView(company, companyHealth);
  });
}
