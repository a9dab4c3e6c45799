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
 * Intuit reports horizons in whole seconds counted from its answer, so the same horizon read
 * after two refreshes can differ by a little; a horizon that really moved moves by days.
 */
const horizonJitterMs = 86_400_000;

/**
 * A company whose connection ends within 14 days, warned once per horizon. The warning stands
 * while the horizon it was given for stays where it was: a refresh that moves the inactivity
 * horizon out re-arms it, but the 5-year cap never moves, so daily refreshes must not repeat it.
 */
export function expiryWarningFor(company: Company, health: CompanyHealth, now: number): ExpiryWarning | undefined {
  if (company.status !== 'connected') return undefined;
  const horizons: Array<[ExpiryWarning['horizon'], number | null]> = [
    ['hard_cap', company.refreshHardExpiresAt],
    ['inactivity', company.refreshExpiresAt],
  ];
  for (const [horizon, expiresAt] of horizons) {
    if (expiresAt === null || expiresAt - now > expiryWarningWindowMs) continue;
    const warnedInsideWindow = health.expiryWarnedAt !== null && health.expiryWarnedAt >= expiresAt - expiryWarningWindowMs - horizonJitterMs;
    if (warnedInsideWindow) return undefined;
    return { companyId: company.id, companyName: company.name, expiresAt, horizon };
  }
  return undefined;
}
