import { attentionReason, type CompanyStatusView, type CompanyView } from '../../core/engine/company-view';
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
export function companyStatusJson(company: CompanyView, now: number): Record<string, unknown> {
  return {
    needsAttention: attentionReason(company, now),
    name: company.name,
    environment: company.environment,
    realmId: company.realmId,
    id: company.id,
    status: company.status,
    lastRefreshAt: isoTime(company.lastRefreshAt),
    lastCheckedAt: isoTime(company.lastCheckedAt),
    lastSuccessAt: isoTime(company.lastSuccessAt),
    lastFailureAt: isoTime(company.lastFailureAt),
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

/** "15 companies: 12 connected, 1 retrying, 2 need reconnecting; 1 expires within 30 days." */
export function statusSummaryLine(companies: readonly CompanyView[], now: number): string {
  const count = (status: CompanyStatusView) => companies.filter((company) => company.status === status).length;
  const broken = count('needs_reconnect') + count('disconnected');
  const expiring = companies.filter((company) => attentionReason(company, now) === 'expiring').length;
  const noun = companies.length === 1 ? 'company' : 'companies';
  const parts = [`${count('connected')} connected`, `${count('retrying')} retrying`, `${broken} ${broken === 1 ? 'needs' : 'need'} reconnecting`];
  const tail = expiring === 0 ? '' : `; ${expiring} ${expiring === 1 ? 'expires' : 'expire'} within 30 days`;
  return `${companies.length} ${noun}: ${parts.join(', ')}${tail}.`;
}

/** What a row's problem column says, in words. */
function problemWords(company: CompanyView, now: number): string {
  switch (attentionReason(company, now)) {
    case 'needs_reconnect':
      return company.cause === null ? 'reconnect' : `reconnect (${company.cause})`;
    case 'retrying':
      return `retrying (${company.retryReason ?? 'failure'})`;
    case 'expiring':
      return 'expiring soon';
    case null:
      return '';
  }
}

/** The compact view for many companies: one line each under column headers, aligned. */
export function formatCompanyTable(companies: readonly CompanyView[], now: number): string[] {
  const header = ['COMPANY', 'ENV', 'STATUS', 'PROBLEM', 'REFRESH TOKEN', 'LAST CHECK'];
  const rows = companies.map((company) => [
    company.name,
    company.environment,
    statusWords(company.status),
    problemWords(company, now),
    company.refreshExpiresAt === null ? 'unknown' : relativeTime(company.refreshExpiresAt, now),
    company.lastCheckedAt === null ? 'never' : relativeTime(company.lastCheckedAt, now),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
