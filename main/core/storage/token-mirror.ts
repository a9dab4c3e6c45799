import type { CompanyTokenTimes } from './company-repository';
import { asRow, integerColumn } from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

export interface MirrorRepair {
  readonly fromGeneration: number;
  readonly toGeneration: number;
}

/**
 * SQLite keeps a copy of the current token set's times (for status, scheduling and the window);
 * the keychain's grant entry is the one truth. A crash, a locked or full database, or a restored
 * backup can leave the copy behind; this brings it to the keychain's set. Forward only, unless
 * the caller holds the company's lease (then a keychain behind the copy is believed too: the
 * keychain holds the only refresh token there is). Returns what it repaired, if anything.
 */
export function mirrorTokenTimes(
  database: SqliteDatabase,
  companyId: string,
  times: CompanyTokenTimes,
  now: number,
  options: { readonly mayGoBack: boolean },
): MirrorRepair | undefined {
  return withStorageErrors(database, () =>
    database.transaction(() => {
      const row: unknown = database.prepare('SELECT token_generation FROM companies WHERE id = ?').get(companyId);
      if (row === undefined) return undefined;
      const stored = integerColumn(asRow(row), 'token_generation');
      if (stored === times.tokenGeneration) return undefined;
      if (stored > times.tokenGeneration && !options.mayGoBack) return undefined;
      database
        .prepare(
          `UPDATE companies
              SET last_refresh_at = ?, access_expires_at = ?, refresh_expires_at = ?,
                  refresh_hard_expires_at = ?, token_generation = ?, updated_at = ?
            WHERE id = ?`,
        )
        .run(times.lastRefreshAt, times.accessExpiresAt, times.refreshExpiresAt, times.refreshHardExpiresAt, times.tokenGeneration, now, companyId);
      return { fromGeneration: stored, toGeneration: times.tokenGeneration };
    })(),
  );
}
