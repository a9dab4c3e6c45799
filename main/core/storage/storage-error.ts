import type { SqliteDatabase } from './sqlite';

export type StorageErrorCode =
  | 'database_locked'
  | 'database_corrupt'
  | 'database_too_new'
  | 'database_unavailable';

/**
 * A storage failure the bookkeeper can act on. Callers branch on `code`; `message` is for people.
 * The file named in `path` is never deleted or rewritten by the code that raises this.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  readonly path: string;

  constructor(code: StorageErrorCode, path: string, options?: { cause?: unknown }) {
    super(messageFor(code, path), options);
    this.code = code;
    this.path = path;
  }
}

export function isStorageError(value: unknown): value is StorageError {
  return value instanceof StorageError;
}

function messageFor(code: StorageErrorCode, path: string): string {
  switch (code) {
    case 'database_locked':
      return (
        'Realmkeeper’s database is busy: another copy of Realmkeeper (or its command line) is ' +
        'holding it. Close the other copy, or wait a moment and try again. ' +
        `Database file: ${path}`
      );
    case 'database_corrupt':
      return (
        'Realmkeeper’s database file is damaged (or empty) and cannot be read. Nothing has been ' +
        'deleted, and your companies’ keys in the system keychain are untouched. Restore the file ' +
        'from a backup, or move it away to start fresh and connect your companies again; your ' +
        `QuickBooks data itself is not affected. Database file: ${path}`
      );
    case 'database_too_new':
      return (
        'This database was written by a newer version of Realmkeeper. Update Realmkeeper to ' +
        `open it; nothing was changed. Database file: ${path}`
      );
    case 'database_unavailable':
      return (
        'Realmkeeper cannot open its database file. Check that the folder exists, that you ' +
        `have permission to write to it, and that the disk is not full. Database file: ${path}`
      );
  }
}

const lockedCodes = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const corruptCodes = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);
const unavailableCodes = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_PERM', 'SQLITE_IOERR']);

/**
 * Maps a SQLite failure to a StorageError when it is one the bookkeeper can act on; anything
 * else (a constraint, a bug) is returned unchanged. better-sqlite3 reports extended codes such
 * as `SQLITE_BUSY_SNAPSHOT`, so the primary code is the part before the second underscore.
 */
export function toStorageError(error: unknown, path: string): unknown {
  if (error instanceof StorageError) {
    return error;
  }
  const code = primarySqliteCode(error);
  if (code === undefined) {
    return error;
  }
  if (lockedCodes.has(code)) {
    return new StorageError('database_locked', path, { cause: error });
  }
  if (corruptCodes.has(code)) {
    return new StorageError('database_corrupt', path, { cause: error });
  }
  if (unavailableCodes.has(code)) {
    return new StorageError('database_unavailable', path, { cause: error });
  }
  return error;
}

/** Runs one repository operation, turning busy/corrupt/IO failures into StorageErrors. */
export function withStorageErrors<T>(database: { readonly name: string }, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw toStorageError(error, database.name);
  }
}

function primarySqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) {
    return undefined;
  }
  const { code } = error;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    return undefined;
  }
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match?.[0];
}

/**
 * Runs `operation` in one write transaction (taken at once, so it waits for another writer
 * rather than failing half way), with its failures as StorageErrors. One transaction is one sync
 * to disk: several writes that belong together cost one.
 */
export function inWriteTransaction<T>(database: SqliteDatabase, operation: () => T): T {
  return withStorageErrors(database, () => database.transaction(operation).immediate());
}
