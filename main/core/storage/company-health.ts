import { asRow, integerColumn, nullableIntegerColumn, nullableTextColumn } from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

export interface CompanyHealth {
  readonly lastCheckedAt: number | null;
  /** A stable code: `network`, `intuit_error`, `throttled`, `outage`, `busy`. */
  readonly retryReason: string | null;
  readonly retryNotBefore: number | null;
  readonly failingSince: number | null;
  readonly failureCount: number;
  readonly expiryWarnedAt: number | null;
}

export function readCompanyHealth(database: SqliteDatabase, companyId: string): CompanyHealth | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare('SELECT last_checked_at, retry_reason, retry_not_before, failing_since, failure_count, expiry_warned_at FROM companies WHERE id = ?')
      .get(companyId);
    return row === undefined ? undefined : companyHealthFromRow(row);
  });
}

/**
 * Every company's health in one statement, by company id: the scheduler reads it on every
 * wake-up and the window on every list, and one query per company made an idle wake-up with
 * 500 companies cost tens of milliseconds.
 */
export function readAllCompanyHealth(database: SqliteDatabase): Map<string, CompanyHealth> {
  return withStorageErrors(database, () => {
    const health = new Map<string, CompanyHealth>();
    const rows = database.prepare('SELECT id, last_checked_at, retry_reason, retry_not_before, failing_since, failure_count, expiry_warned_at FROM companies').all();
    for (const row of rows) health.set(String((row as { id: unknown }).id), companyHealthFromRow(row));
    return health;
  });
}

export function companyHealthFromRow(value: unknown): CompanyHealth {
  const row = asRow(value);
  return {
    lastCheckedAt: nullableIntegerColumn(row, 'last_checked_at'),
    retryReason: nullableTextColumn(row, 'retry_reason'),
    retryNotBefore: nullableIntegerColumn(row, 'retry_not_before'),
    failingSince: nullableIntegerColumn(row, 'failing_since'),
    failureCount: integerColumn(row, 'failure_count'),
    expiryWarnedAt: nullableIntegerColumn(row, 'expiry_warned_at'),
  };
}

/** A refresh or API check worked: the company is verified now and nothing is backing off. */
export function recordCompanyVerified(database: SqliteDatabase, companyId: string, now: number): void {
  withStorageErrors(database, () => {
    database
      .prepare(
        `UPDATE companies SET last_checked_at = ?, retry_reason = NULL, retry_not_before = NULL,
                failing_since = NULL, failure_count = 0, updated_at = ?
          WHERE id = ?`,
      )
      .run(now, now, companyId);
  });
}

/** A transient failure: back off until `retryNotBefore`, counting from the first failure. */
export function recordCompanyRetry(
  database: SqliteDatabase,
  companyId: string,
  reason: string,
  retryNotBefore: number,
  now: number,
): CompanyHealth | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare(
        `UPDATE companies SET retry_reason = ?, retry_not_before = ?,
                failing_since = coalesce(failing_since, ?), failure_count = failure_count + 1,
                updated_at = ?
          WHERE id = ?
          RETURNING last_checked_at, retry_reason, retry_not_before, failing_since, failure_count, expiry_warned_at`,
      )
      .get(reason, retryNotBefore, now, now, companyId);
    return row === undefined ? undefined : companyHealthFromRow(row);
  });
}

/** Remembers that the expiry warning was given, so it is raised once per refresh-token lifetime. */
export function recordExpiryWarning(database: SqliteDatabase, companyId: string, now: number): void {
  withStorageErrors(database, () => {
    database.prepare('UPDATE companies SET expiry_warned_at = ? WHERE id = ?').run(now, companyId);
  });
}
