import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { withNativeBinding } from '../system/native-modules';
import type { SqliteDatabase } from './sqlite';

/**
 * Proof that a process is alive, readable by every other process on the machine, that no clock
 * and no process id can fake: each process holds an exclusive SQLite lock on a file of its own
 * for as long as it lives. The operating system drops that lock the moment the process dies
 * (kill -9, a crash, a power cut), and keeps it while the process is paused (SIGSTOP, a debugger,
 * a suspended VM). So "the holder is alive" is a lock test, not a guess from a timestamp; MSAL
 * records a pid it never reads, and a pid can be reused — a lock cannot.
 */
export class ProcessLivenessLock {
  private connection: BetterSqlite3.Database | undefined;

  private constructor(
    readonly token: string,
    private readonly path: string,
  ) {}

  /** Takes this process's lock in `directory` (created 0700 if missing). */
  static acquire(directory: string): ProcessLivenessLock {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const token = randomBytes(9).toString('base64url');
    const lock = new ProcessLivenessLock(token, lockPath(directory, token));
    const connection = new BetterSqlite3(lock.path, withNativeBinding({ timeout: 0 }));
    // An exclusive lock taken now and never released while the process lives.
    connection.pragma('locking_mode = EXCLUSIVE');
    connection.exec('BEGIN EXCLUSIVE');
    lock.connection = connection;
    return lock;
  }

  /** Gives the lock up (a clean close) and removes its file. */
  release(): void {
    const connection = this.connection;
    if (connection === undefined) return;
    this.connection = undefined;
    try {
      connection.exec('ROLLBACK');
    } finally {
      connection.close();
      removeLockFiles(this.path);
    }
  }
}

/**
 * Whether the process holding `token`'s lock in `directory` still lives. A missing file means it
 * closed cleanly or was cleaned up after it died. A file whose lock can be taken belongs to a
 * dead process: it is removed, so the next look is cheap.
 */
export function isProcessAlive(directory: string, token: string): boolean {
  const path = lockPath(directory, token);
  let connection: BetterSqlite3.Database;
  try {
    connection = new BetterSqlite3(path, withNativeBinding({ timeout: 0, fileMustExist: true }));
  } catch {
    return false;
  }
  try {
    connection.exec('BEGIN EXCLUSIVE');
    connection.exec('ROLLBACK');
  } catch {
    // SQLITE_BUSY: the holder's lock stands, so the holder lives.
    connection.close();
    return true;
  }
  connection.close();
  removeLockFiles(path);
  return false;
}

/** Where a database's processes keep their liveness locks: beside the database. */
export function livenessDirectoryFor(database: SqliteDatabase): string | undefined {
  return database.memory ? undefined : join(dirname(database.name), 'locks');
}

function lockPath(directory: string, token: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) throw new RangeError('Invalid liveness token');
  return join(directory, `${token}.lock`);
}

function removeLockFiles(path: string): void {
  for (const suffix of ['', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
