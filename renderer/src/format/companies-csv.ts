import type { CompanySummary } from '../../../preload/contract/api-contract';
import { causeLabel } from './cause-labels';
import { expiryHorizon } from './company-text';
import { displayStatusOf, statusLabels } from './status-text';

/** The columns of the export, in order: words for people, codes and ISO times for support and scripts. */
export const csvColumns = [
  'company',
  'realm_id',
  'environment',
  'status',
  'status_code',
  'cause',
  'cause_code',
  'why',
  'fix',
  'expiry_horizon',
  'refresh_token_expires_at',
  'five_year_limit_at',
  'last_check_at',
  'last_check_failed',
  'last_success_at',
] as const;

function iso(at: number | null): string {
  return at === null ? '' : new Date(at).toISOString();
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
function field(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet: a name is data, never code.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The company list as CSV, one line per company, with a header line; CRLF line ends. */
export function companiesCsv(companies: readonly CompanySummary[], now: number): string {
  const lines = [csvColumns.join(',')];
  for (const company of companies) {
    const status = displayStatusOf(company);
    const horizon = expiryHorizon(company, now);
    const values: Record<(typeof csvColumns)[number], string> = {
      company: company.name,
      realm_id: company.realmId,
      environment: company.environment,
      status: statusLabels[status],
      status_code: company.status,
      cause: company.cause === null ? '' : causeLabel(company.cause),
      cause_code: company.cause ?? '',
      why: company.causeSummary ?? '',
      fix: company.fix ?? '',
      expiry_horizon: horizon?.text ?? '',
      refresh_token_expires_at: iso(company.refreshExpiresAt),
      five_year_limit_at: iso(company.refreshHardExpiresAt),
      last_check_at: iso(company.lastCheckedAt),
      last_check_failed: company.lastFailureAt !== null && company.lastFailureAt === company.lastCheckedAt ? 'yes' : 'no',
      last_success_at: iso(company.lastSuccessAt),
    };
    lines.push(csvColumns.map((column) => field(values[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** "realmkeeper-companies-2026-12-01.csv" */
export function csvFileName(now: number): string {
  return `realmkeeper-companies-${new Date(now).toISOString().slice(0, 10)}.csv`;
}
