import type { CompanyStatusView, CompanyView } from '../../core/engine/company-view';
import { describeTime, isoTime, relativeTime } from './relative-time';

export function statusWords(status: CompanyStatusView): string {
  switch (status) {
    case 'connected':
      return 'connected';
    case 'retrying':
      return 'retrying';
    case 'needs_reconnect':
      return 'needs reconnect';
    case 'disconnected':
      return 'disconnected';
  }
}

/** One block per company: a heading line, then indented facts; the cause and fix when broken. */
export function formatCompanyStatus(companies: readonly CompanyView[], now: number): string[] {
  if (companies.length === 0) return ['No companies are connected. Connect one with `realmkeeper connect --env sandbox`.'];
  const lines: string[] = [];
  for (const company of companies) {
    if (lines.length > 0) lines.push('');
    lines.push(`${company.name} (${company.environment}, realm ${company.realmId}): ${statusWords(company.status)}`);
    lines.push(`  last refresh:        ${describeTime(company.lastRefreshAt, now, 'never')}`);
    lines.push(`  access token:        ${expiry(company.accessExpiresAt, now)}`);
    lines.push(`  refresh token:       ${expiry(company.refreshExpiresAt, now)}`);
    if (company.refreshHardExpiresAt !== null) lines.push(`  five-year limit:     ${expiry(company.refreshHardExpiresAt, now)}`);
    if (company.status === 'retrying' && company.retryAt !== null) {
      lines.push(`  retrying:            ${company.retryReason ?? 'after a failure'}, next try ${relativeTime(company.retryAt, now)}`);
    }
    if (company.causeSummary !== null) lines.push(`  cause:               ${company.causeSummary}`);
    if (company.fix !== null) lines.push(`  fix:                 ${company.fix}`);
  }
  return lines;
}

function expiry(time: number | null, now: number): string {
  if (time === null) return 'unknown';
  return `${time <= now ? 'expired' : 'expires'} ${describeTime(time, now)}`;
}

/** The --json shape: the view with every time as ISO 8601 (null when unknown). */
export function companyStatusJson(company: CompanyView): Record<string, unknown> {
  return {
    name: company.name,
    environment: company.environment,
    realmId: company.realmId,
    id: company.id,
    status: company.status,
    lastRefreshAt: isoTime(company.lastRefreshAt),
    lastCheckedAt: isoTime(company.lastCheckedAt),
    accessExpiresAt: isoTime(company.accessExpiresAt),
    refreshExpiresAt: isoTime(company.refreshExpiresAt),
    refreshHardExpiresAt: isoTime(company.refreshHardExpiresAt),
    retryReason: company.retryReason,
    retryAt: isoTime(company.retryAt),
    cause: company.cause,
    causeSummary: company.causeSummary,
    fix: company.fix,
  };
}
