import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { withNativeBinding } from '../system/native-modules';
import { privateFileMode, tightenPrivateFile } from '../system/private-files';
import { allMigrations } from './migrations/all-migrations';
import type { Migration } from './migration';
import { readUserVersion, runMigrations } from './run-migrations';
import type { SqliteDatabase } from './sqlite';
import { StorageError, toStorageError } from './storage-error';

export interface OpenDatabaseOptions {
  readonly path: string;
  /** How long a statement waits for another process's lock before `database_locked`. */
  readonly busyTimeoutMs?: number;
  readonly migrations?: readonly Migration[];
}

export const defaultBusyTimeoutMs = 5_000;

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (creating if absent) and migrates the database. A file that is not a database (an empty
 * one included) or fails `PRAGMA quick_check` is reported as `database_corrupt` and a lock held
 * past the timeout as `database_locked`; in both cases the file is left exactly as found. The
 * checks run before anything writes (switching to WAL rewrites the header), so a damaged file is
 * never touched. The database and its -wal and -shm files are private to the user (0600).
 */
export function openDatabase(options: OpenDatabaseOptions): SqliteDatabase {
  const { path } = options;
  const migrations = options.migrations ?? allMigrations;
  if (path !== ':memory:' && !existsSync(path)) createDatabaseFile(path, migrations);
  assertSqliteHeader(path);
  // Outside the try: a missing Electron build must say which command builds it, not "unavailable".
  const connectionOptions = withNativeBinding({ timeout: options.busyTimeoutMs ?? defaultBusyTimeoutMs });
  let database: SqliteDatabase | undefined;
  try {
    for (const file of databaseFiles(path)) tightenPrivateFile(file);
    database = new BetterSqlite3(path, connectionOptions);
    assertIntact(database);
    // Checked before WAL is switched on, since that rewrites the header of a newer app's file.
    if (readUserVersion(database) > (migrations.at(-1)?.version ?? 0)) {
      throw new StorageError('database_too_new', path);
    }
    const journalMode: unknown = database.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal' && path !== ':memory:') {
      throw new Error(`SQLite refused WAL mode (journal_mode is ${String(journalMode)})`);
    }
    // FULL: a consumed code or a journalled refresh must survive a power cut, not only a crash.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    runMigrations(database, migrations);
    return database;
  } catch (error) {
    database?.close();
    throw toStorageError(error, path);
  }
}

function databaseFiles(path: string): string[] {
  return path === ':memory:' ? [] : [path, `${path}-wal`, `${path}-shm`];
}

/**
 * A new database is built whole under a temporary name in the same folder and then linked into
 * place, so the real name only ever holds a complete, migrated database: an empty or partial file
 * there is always damage (a restore gone wrong, a full disk), never "new", and is reported instead
 * of being taken for a fresh start while the companies' keys stay in the keychain. A link, unlike
 * a rename, never replaces a database another process created a moment earlier.
 */
function createDatabaseFile(path: string, migrations: readonly Migration[]): void {
  const folder = dirname(path);
  // better-sqlite3 reports a missing folder as a plain TypeError; say it plainly here instead.
  if (!existsSync(folder)) throw new StorageError('database_unavailable', path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.new`);
  try {
    // SQLite gives its -journal/-wal/-shm files the mode of the database file: 0600 from the start.
    closeSync(openSync(temporary, 'wx', privateFileMode));
    const database = new BetterSqlite3(temporary, withNativeBinding({}));
    try {
      database.pragma('synchronous = FULL');
      runMigrations(database, migrations);
    } finally {
      database.close();
    }
    linkIntoPlace(temporary, path);
  } catch (error) {
    const mapped = toStorageError(error, path);
    // Whatever stopped the build (a read-only folder, a full disk), nothing took the real name.
    throw mapped instanceof StorageError ? mapped : new StorageError('database_unavailable', path, { cause: error });
  } finally {
    rmSync(temporary, { force: true });
    rmSync(`${temporary}-journal`, { force: true });
  }
}

function linkIntoPlace(temporary: string, path: string): void {
  try {
    linkSync(temporary, path);
  } catch (error) {
    // Another process created the database first: theirs is complete, and it is the one to open.
    if (isNodeError(error) && error.code === 'EEXIST') return;
    // A file system without hard links: a rename, after a last check that the name is still free.
    if (isNodeError(error) && ['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(error.code ?? '') && !existsSync(path)) {
      renameSync(temporary, path);
      return;
    }
    throw error;
  }
}

function assertIntact(database: SqliteDatabase): void {
  const rows: unknown = database.pragma('quick_check');
  const ok =
    Array.isArray(rows) &&
    rows.length === 1 &&
    typeof rows[0] === 'object' &&
    rows[0] !== null &&
    Object.values(rows[0]).at(0) === 'ok';
  if (!ok) {
    throw new StorageError('database_corrupt', database.name, {
      cause: new Error(`PRAGMA quick_check: ${JSON.stringify(rows)}`),
    });
  }
}

/** The file must start with SQLite's magic string; new databases never appear at this name empty. */
function assertSqliteHeader(path: string): void {
  if (path === ':memory:') {
    return;
  }
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    throw new StorageError('database_unavailable', path, { cause: error });
  }
  try {
    const header = Buffer.alloc(sqliteHeader.length);
    const read = readSync(descriptor, header, 0, header.length, 0);
    if (read === 0) {
      throw new StorageError('database_corrupt', path, { cause: new Error('The file is empty (0 bytes)') });
    }
    if (!header.subarray(0, read).equals(sqliteHeader.subarray(0, read))) {
      throw new StorageError('database_corrupt', path, {
        cause: new Error('The file does not start with the SQLite header'),
      });
    }
    if (read < sqliteHeader.length) {
      throw new StorageError('database_corrupt', path, {
        cause: new Error(`The file is ${read} bytes long, shorter than a SQLite header`),
      });
    }
  } finally {
    closeSync(descriptor);
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
