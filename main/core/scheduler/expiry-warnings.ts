import type { Company } from '../storage/company-repository';
import type { CompanyHealth } from '../storage/company-health';

export const expiryWarningWindowMs = 14 * 86_400_000;

export interface ExpiryWarning {
  readonly companyId: string;
  readonly companyName: string;
  readonly expiresAt: number;
  /** `inactivity`: the ~100-day rolling limit; `hard_cap`: Intuit's 5-year limit. */
  readonly horizon: 'inactivity' | 'hard_cap';
}

/**
 * A company whose connection ends within 14 days, warned once per horizon: a later successful
 * refresh (which moves the inactivity horizon) re-arms the warning.
 */
export function expiryWarningFor(company: Company, health: CompanyHealth, now: number): ExpiryWarning | undefined {
  if (company.status !== 'connected') return undefined;
  const alreadyWarned = health.expiryWarnedAt !== null && health.expiryWarnedAt >= (company.lastRefreshAt ?? 0);
  if (alreadyWarned) return undefined;
  const horizons: Array<[ExpiryWarning['horizon'], number | null]> = [
    ['hard_cap', company.refreshHardExpiresAt],
    ['inactivity', company.refreshExpiresAt],
  ];
  for (const [horizon, expiresAt] of horizons) {
    if (expiresAt !== null && expiresAt - now <= expiryWarningWindowMs) {
      return { companyId: company.id, companyName: company.name, expiresAt, horizon };
    }
  }
  return undefined;
}
