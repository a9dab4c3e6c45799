import type { Migration } from './migration';
import type { SqliteDatabase } from './sqlite';
import { StorageError } from './storage-error';

export interface MigrationReport {
  readonly fromVersion: number;
  readonly toVersion: number;
}

/**
 * Brings the schema up to the last migration, using `PRAGMA user_version` as the record of what
 * ran. Migrating happens in one IMMEDIATE transaction, so two processes starting together
 * cannot both migrate (the version is read again inside it), and a failed migration leaves the
 * file as it was.
 */
export function runMigrations(
  database: SqliteDatabase,
  migrations: readonly Migration[],
): MigrationReport {
  assertContiguous(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const migrate = database.transaction((): MigrationReport => {
    const fromVersion = readUserVersion(database);
    if (fromVersion > latest) {
      throw new StorageError('database_too_new', database.name);
    }
    for (const migration of migrations) {
      if (migration.version > fromVersion) {
        migration.up(database);
        database.pragma(`user_version = ${migration.version}`);
      }
    }
    return { fromVersion, toVersion: Math.max(fromVersion, latest) };
  });
  // A current database is not written to: the write lock is taken only when there is something to
  // migrate, so that a read-only command (`realmkeeper status`) opens while another program writes.
  const current = readUserVersion(database);
  if (current >= latest) return migrate.deferred();
  return migrate.immediate();
}

export function readUserVersion(database: SqliteDatabase): number {
  const version: unknown = database.pragma('user_version', { simple: true });
  if (typeof version !== 'number') {
    throw new TypeError(`PRAGMA user_version returned ${typeof version}`);
  }
  return version;
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}`,
      );
    }
  });
}
