import type { IntuitEnvironment } from './intuit-environment';
import { asRow, textColumn } from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

/**
 * Intuit's refusals of tokens that looked good, kept where every process on the machine sees
 * them: during an outage Intuit answers `invalid_grant` for good tokens, and several refusals
 * together are the sign of it — whether the app, a command line call or a restarted app saw them.
 */
export function recordRefusal(database: SqliteDatabase, environment: IntuitEnvironment, companyId: string, at: number): void {
  withStorageErrors(database, () => {
    database
      .prepare(
        `INSERT INTO intuit_refusals (environment, company_id, refused_at, first_refused_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (environment, company_id) DO UPDATE SET first_refused_at = coalesce(first_refused_at, refused_at), refused_at = excluded.refused_at`,
      )
      .run(environment, companyId, at, at);
  });
}

/**
 * When Intuit first refused this company since a refresh last worked in its environment (which
 * clears the refusals), or undefined when it has not.
 */
export function refusedSince(database: SqliteDatabase, environment: IntuitEnvironment, companyId: string): number | undefined {
  return withStorageErrors(database, () => {
    const at: unknown = database
      .prepare('SELECT coalesce(first_refused_at, refused_at) FROM intuit_refusals WHERE environment = ? AND company_id = ?')
      .pluck()
      .get(environment, companyId);
    return typeof at === 'number' ? at : undefined;
  });
}

/** Other companies of the environment refused since `since`. */
export function otherRefusalsSince(database: SqliteDatabase, environment: IntuitEnvironment, companyId: string, since: number): string[] {
  return withStorageErrors(database, () =>
    database
      .prepare('SELECT company_id FROM intuit_refusals WHERE environment = ? AND company_id != ? AND refused_at >= ? ORDER BY refused_at')
      .all(environment, companyId, since)
      .map((row) => textColumn(asRow(row), 'company_id')),
  );
}

/** Intuit accepted a refresh in this environment: earlier refusals were about those companies. */
export function clearRefusals(database: SqliteDatabase, environment: IntuitEnvironment): void {
  withStorageErrors(database, () => {
    database.prepare('DELETE FROM intuit_refusals WHERE environment = ?').run(environment);
  });
}

/** Marks a company flagged while an outage was suspected, to be checked again once Intuit answers. */
export function setRecheckAfterOutage(database: SqliteDatabase, companyId: string, recheck: boolean): void {
  withStorageErrors(database, () => {
    database.prepare('UPDATE companies SET recheck_after_outage = ? WHERE id = ?').run(recheck ? 1 : 0, companyId);
  });
}

export function companiesToRecheck(database: SqliteDatabase, environment: IntuitEnvironment): string[] {
  return withStorageErrors(database, () =>
    database
      .prepare(`SELECT id FROM companies WHERE environment = ? AND status = 'needs_reconnect' AND recheck_after_outage = 1 ORDER BY id`)
      .all(environment)
      .map((row) => textColumn(asRow(row), 'id')),
  );
}
