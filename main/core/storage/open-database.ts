import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
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
 * Opens (creating if absent) and migrates the database. A file that is not a database or fails
 * `PRAGMA quick_check` is reported as `database_corrupt` and a lock held past the timeout as
 * `database_locked`; in both cases the file is left exactly as found. The checks run before
 * anything writes (switching to WAL rewrites the header), so a damaged file is never touched.
 */
export function openDatabase(options: OpenDatabaseOptions): SqliteDatabase {
  const { path } = options;
  assertSqliteHeader(path);
  let database: SqliteDatabase | undefined;
  try {
    database = new BetterSqlite3(path, { timeout: options.busyTimeoutMs ?? defaultBusyTimeoutMs });
    assertIntact(database);
    const migrations = options.migrations ?? allMigrations;
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

/**
 * A non-empty file must start with SQLite's magic string; an empty or missing one is new, as
 * long as its folder exists.
 */
function assertSqliteHeader(path: string): void {
  if (path === ':memory:') {
    return;
  }
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if (isNodeError(error) && error.code === 'ENOENT') {
      // better-sqlite3 reports a missing folder as a plain TypeError; catch it here instead.
      if (!existsSync(dirname(path))) {
        throw new StorageError('database_unavailable', path, { cause: error });
      }
      return;
    }
    throw new StorageError('database_unavailable', path, { cause: error });
  }
  try {
    const header = Buffer.alloc(sqliteHeader.length);
    const read = readSync(descriptor, header, 0, header.length, 0);
    if (read > 0 && !header.subarray(0, read).equals(sqliteHeader.subarray(0, read))) {
      throw new StorageError('database_corrupt', path, {
        cause: new Error('The file does not start with the SQLite header'),
      });
    }
    if (read > 0 && read < sqliteHeader.length) {
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
