import { randomUUID } from 'node:crypto';
import type { IntuitEnvironment } from './intuit-environment';
import {
  asRow,
  environmentColumn,
  integerColumn,
  nullableIntegerColumn,
  nullableTextColumn,
  oneOfColumn,
  textColumn,
} from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

export const companyStatuses = ['connected', 'needs_reconnect', 'disconnected'] as const;
export type CompanyStatus = (typeof companyStatuses)[number];

export interface Company {
  readonly id: string;
  readonly realmId: string;
  readonly environment: IntuitEnvironment;
  readonly name: string;
  readonly clientIdFingerprint: string;
  readonly status: CompanyStatus;
  /** A stable diagnosis code (why it needs reconnecting), never free text from Intuit. */
  readonly cause: string | null;
  readonly lastRefreshAt: number | null;
  readonly accessExpiresAt: number | null;
  readonly refreshExpiresAt: number | null;
  readonly refreshHardExpiresAt: number | null;
  readonly tokenGeneration: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewCompany {
  readonly id?: string;
  readonly realmId: string;
  readonly environment: IntuitEnvironment;
  readonly name: string;
  readonly clientIdFingerprint: string;
}

/** Token timings copied from the keychain's token set; the secrets themselves stay there. */
export interface CompanyTokenTimes {
  readonly lastRefreshAt: number;
  readonly accessExpiresAt: number;
  readonly refreshExpiresAt: number;
  readonly refreshHardExpiresAt: number | null;
  readonly tokenGeneration: number;
}

export type InsertCompanyResult =
  | { readonly kind: 'inserted'; readonly company: Company }
  | { readonly kind: 'already_exists'; readonly company: Company };

/** Adds a connected company; the same realm in the same environment is reported, not duplicated. */
export function insertCompany(
  database: SqliteDatabase,
  input: NewCompany,
  now: number,
): InsertCompanyResult {
  return withStorageErrors(database, () => {
    const inserted: unknown = database
      .prepare(
        `INSERT INTO companies
           (id, realm_id, environment, name, client_id_fingerprint, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'connected', ?, ?)
         ON CONFLICT (environment, realm_id) DO NOTHING
         RETURNING *`,
      )
      .get(
        input.id ?? randomUUID(),
        input.realmId,
        input.environment,
        input.name,
        input.clientIdFingerprint,
        now,
        now,
      );
    if (inserted !== undefined) {
      return { kind: 'inserted', company: companyFromRow(inserted) };
    }
    const existing = findCompanyByRealm(database, input.environment, input.realmId);
    if (existing === undefined) {
      throw new Error('Company insert conflicted but no company holds that realm');
    }
    return { kind: 'already_exists', company: existing };
  });
}

export function getCompany(database: SqliteDatabase, id: string): Company | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database.prepare('SELECT * FROM companies WHERE id = ?').get(id);
    return row === undefined ? undefined : companyFromRow(row);
  });
}

export function findCompanyByRealm(
  database: SqliteDatabase,
  environment: IntuitEnvironment,
  realmId: string,
): Company | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare('SELECT * FROM companies WHERE environment = ? AND realm_id = ?')
      .get(environment, realmId);
    return row === undefined ? undefined : companyFromRow(row);
  });
}

export function listCompanies(database: SqliteDatabase): Company[] {
  return withStorageErrors(database, () =>
    database
      .prepare('SELECT * FROM companies ORDER BY name COLLATE NOCASE, id')
      .all()
      .map(companyFromRow),
  );
}

export function renameCompany(
  database: SqliteDatabase,
  id: string,
  name: string,
  now: number,
): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare('UPDATE companies SET name = ?, updated_at = ? WHERE id = ?')
      .run(name, now, id);
    return result.changes === 1;
  });
}

export function setCompanyStatus(
  database: SqliteDatabase,
  id: string,
  status: CompanyStatus,
  cause: string | null,
  now: number,
): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare('UPDATE companies SET status = ?, cause = ?, updated_at = ? WHERE id = ?')
      .run(status, cause, now, id);
    return result.changes === 1;
  });
}

/**
 * Records a successful refresh or exchange. Guarded by generation so a slower writer holding an
 * older token set can never overwrite the times of a newer one.
 */
export function recordCompanyTokenTimes(
  database: SqliteDatabase,
  id: string,
  times: CompanyTokenTimes,
  now: number,
): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE companies
            SET last_refresh_at = ?, access_expires_at = ?, refresh_expires_at = ?,
                refresh_hard_expires_at = ?, token_generation = ?,
                status = 'connected', cause = NULL, updated_at = ?
          WHERE id = ? AND token_generation <= ?`,
      )
      .run(
        times.lastRefreshAt,
        times.accessExpiresAt,
        times.refreshExpiresAt,
        times.refreshHardExpiresAt,
        times.tokenGeneration,
        now,
        id,
        times.tokenGeneration,
      );
    return result.changes === 1;
  });
}

export function deleteCompany(database: SqliteDatabase, id: string): boolean {
  return withStorageErrors(database, () => {
    const result = database.prepare('DELETE FROM companies WHERE id = ?').run(id);
    return result.changes === 1;
  });
}

function companyFromRow(value: unknown): Company {
  const row = asRow(value);
  return {
    id: textColumn(row, 'id'),
    realmId: textColumn(row, 'realm_id'),
    environment: environmentColumn(row, 'environment'),
    name: textColumn(row, 'name'),
    clientIdFingerprint: textColumn(row, 'client_id_fingerprint'),
    status: oneOfColumn(row, 'status', companyStatuses),
    cause: nullableTextColumn(row, 'cause'),
    lastRefreshAt: nullableIntegerColumn(row, 'last_refresh_at'),
    accessExpiresAt: nullableIntegerColumn(row, 'access_expires_at'),
    refreshExpiresAt: nullableIntegerColumn(row, 'refresh_expires_at'),
    refreshHardExpiresAt: nullableIntegerColumn(row, 'refresh_hard_expires_at'),
    tokenGeneration: integerColumn(row, 'token_generation'),
    createdAt: integerColumn(row, 'created_at'),
    updatedAt: integerColumn(row, 'updated_at'),
  };
}
