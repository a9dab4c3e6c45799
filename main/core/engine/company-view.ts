import { explainCause, type Cause } from '../diagnosis/causes';
import { readAllCompanyHealth, readCompanyHealth, type CompanyHealth } from '../storage/company-health';
import { getCompany, listCompanies, type Company } from '../storage/company-repository';
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
  /** When the app last asked Intuit about the connection, whatever the answer. */
  readonly lastCheckedAt: number | null;
  /** When the connection last worked (a refresh, an API call, a connect). */
  readonly lastSuccessAt: number | null;
  /** When Intuit last refused or failed to answer for this company, if after its last success. */
  readonly lastFailureAt: number | null;
  readonly accessExpiresAt: number | null;
  readonly refreshExpiresAt: number | null;
  readonly refreshHardExpiresAt: number | null;
}

/** What the event log says about a company's checks; the health row keeps only the last success. */
export interface CheckTimes {
  readonly lastSuccessAt: number | null;
  readonly lastFailureAt: number | null;
  /** The last connect or reconnect: any back-off recorded before it is over. */
  readonly lastConnectedAt: number | null;
}

export const noCheckTimes: CheckTimes = { lastSuccessAt: null, lastFailureAt: null, lastConnectedAt: null };

const connectKinds = "('company_connected', 'company_reconnected', 'company_recovered')";
const checkKinds = "('refresh', 'connection_test', 'needs_reconnect', 'company_connected', 'company_reconnected', 'company_recovered')";

interface CheckStatements {
  readonly success: (companyId: string) => unknown;
  readonly failureAfter: (companyId: string, after: number) => unknown;
  readonly connectedSince: (companyId: string, since: number) => unknown;
}

const statementsByDatabase = new WeakMap<SqliteDatabase, CheckStatements>();

function checkStatements(database: SqliteDatabase): CheckStatements {
  const cached = statementsByDatabase.get(database);
  if (cached !== undefined) return cached;
  const success = database.prepare<[string]>(
    `SELECT at FROM events WHERE company_id = ? AND kind IN ${checkKinds}
       AND (outcome IN ('succeeded', 'connected') OR kind IN ${connectKinds}) ORDER BY at DESC, id DESC LIMIT 1`,
  );
  const failureAfter = database.prepare<[string, number]>(
    `SELECT at FROM events WHERE company_id = ? AND at > ? AND kind IN ('refresh', 'connection_test', 'needs_reconnect')
       AND outcome IS NOT NULL AND outcome NOT IN ('succeeded', 'connected') ORDER BY at DESC, id DESC LIMIT 1`,
  );
  const connectedSince = database.prepare<[string, number]>(`SELECT at FROM events WHERE company_id = ? AND at >= ? AND kind IN ${connectKinds} ORDER BY at DESC, id DESC LIMIT 1`);
  const statements: CheckStatements = {
    success: (companyId) => success.get(companyId),
    failureAfter: (companyId, after) => failureAfter.get(companyId, after),
    connectedSince: (companyId, since) => connectedSince.get(companyId, since),
  };
  statementsByDatabase.set(database, statements);
  return statements;
}

function atOf(row: unknown): number | null {
  return typeof row === 'object' && row !== null && typeof (row as { at?: unknown }).at === 'number' ? (row as { at: number }).at : null;
}

/**
 * Reads the newest check of each kind from the event log, walking the company's index backwards
 * and only as far as it must: a failure counts only after the last success, a connect only after
 * the back-off began. So the list stays cheap however long the history is (`npm run bench`).
 */
export function readCheckTimes(database: SqliteDatabase, companyId: string, failingSince: number | null = null): CheckTimes {
  const statements = checkStatements(database);
  const lastSuccessAt = atOf(statements.success(companyId));
  const lastFailureAt = atOf(statements.failureAfter(companyId, lastSuccessAt ?? Number.MIN_SAFE_INTEGER));
  const lastConnectedAt = failingSince === null ? null : atOf(statements.connectedSince(companyId, failingSince));
  return { lastSuccessAt, lastFailureAt, lastConnectedAt };
}

function latest(...times: ReadonlyArray<number | null>): number | null {
  const known = times.filter((time): time is number => time !== null);
  return known.length === 0 ? null : Math.max(...known);
}

export function toCompanyView(company: Company, health: CompanyHealth, checks: CheckTimes = noCheckTimes): CompanyView {
  // A reconnect starts afresh: a back-off recorded before it (the token keeper keeps it until the next check) is stale.
  const backoffStale = checks.lastConnectedAt !== null && health.failingSince !== null && checks.lastConnectedAt >= health.failingSince;
  const retryNotBefore = backoffStale ? null : health.retryNotBefore;
  const retryReason = backoffStale ? null : health.retryReason;
  const cause = (company.cause as Cause | null) ?? (retryReason === 'outage' ? 'outage' : null);
  const explanation = cause === null ? undefined : explainCause(cause);
  const retrying = company.status === 'connected' && retryNotBefore !== null;
  const lastSuccessAt = latest(health.lastCheckedAt, company.lastRefreshAt, checks.lastSuccessAt);
  const lastFailureAt = checks.lastFailureAt !== null && (lastSuccessAt === null || checks.lastFailureAt > lastSuccessAt) ? checks.lastFailureAt : null;
  return {
    id: company.id,
    name: company.name,
    realmId: company.realmId,
    environment: company.environment,
    status: retrying ? 'retrying' : company.status,
    cause,
    causeSummary: explanation?.summary ?? null,
    fix: explanation?.fix ?? null,
    retryReason,
    retryAt: retryNotBefore,
    lastRefreshAt: company.lastRefreshAt,
    lastCheckedAt: latest(lastSuccessAt, lastFailureAt),
    lastSuccessAt,
    lastFailureAt,
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
    return toCompanyView(company, companyHealth, readCheckTimes(database, company.id, companyHealth.failingSince));
  });
}

/** One company as the list shows it, or undefined when it is gone: what the window patches after a refresh. */
export function readCompanyView(database: SqliteDatabase, companyId: string): CompanyView | undefined {
  const company = getCompany(database, companyId);
  const health = company === undefined ? undefined : readCompanyHealth(database, companyId);
  if (company === undefined || health === undefined) return undefined;
  return toCompanyView(company, health, readCheckTimes(database, companyId, health.failingSince));
}

const attentionHorizonMs = 30 * 86_400_000;

/** Why a company needs the bookkeeper today, or null: the same rule as the window's "Needing attention". */
export type AttentionReason = 'needs_reconnect' | 'retrying' | 'expiring';

export function attentionReason(view: Pick<CompanyView, 'status' | 'refreshExpiresAt' | 'refreshHardExpiresAt'>, now: number): AttentionReason | null {
  if (view.status === 'needs_reconnect' || view.status === 'disconnected') return 'needs_reconnect';
  if (view.status === 'retrying') return 'retrying';
  const ends = [view.refreshExpiresAt, view.refreshHardExpiresAt].filter((time): time is number => time !== null);
  if (ends.some((time) => time - now < attentionHorizonMs)) return 'expiring';
  return null;
}
