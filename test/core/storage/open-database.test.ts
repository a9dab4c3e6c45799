import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { insertCompany } from '../../../main/core/storage/company-repository';
import { allMigrations } from '../../../main/core/storage/migrations/all-migrations';
import { openDatabase } from '../../../main/core/storage/open-database';
import { readUserVersion } from '../../../main/core/storage/run-migrations';
import { StorageError } from '../../../main/core/storage/storage-error';
import { createTemporaryDirectory } from './fixtures/temporary-database';
import type { TemporaryDirectory } from './fixtures/temporary-database';
import { nodeArgumentsForTypescript } from './fixtures/run-typescript';

const holdWriteLockScript = fileURLToPath(new URL('./fixtures/hold-write-lock.ts', import.meta.url));

const latestVersion = allMigrations.length;
let directory: TemporaryDirectory | undefined;
afterEach(() => {
  directory?.remove();
  directory = undefined;
});

function databasePath(): string {
  directory = createTemporaryDirectory();
  return join(directory.path, 'realmkeeper.db');
}

function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function openingError(open: () => unknown): StorageError {
  try {
    open();
  } catch (error) {
    if (error instanceof StorageError) {
      return error;
    }
    throw error;
  }
  throw new Error('Expected openDatabase to fail');
}

describe('openDatabase', () => {
  it('creates a migrated WAL database with foreign keys and a busy timeout', () => {
    const path = databasePath();
    const database = openDatabase({ path, busyTimeoutMs: 1234 });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(database.pragma('busy_timeout', { simple: true })).toBe(1234);
      expect(readUserVersion(database)).toBe(latestVersion);
    } finally {
      database.close();
    }
  });

  it('opens an existing database again without re-running migrations', () => {
    const path = databasePath();
    openDatabase({ path }).close();
    const database = openDatabase({ path });
    try {
      expect(readUserVersion(database)).toBe(latestVersion);
    } finally {
      database.close();
    }
  });

  it('reports a file that is not a database as database_corrupt and leaves it untouched', () => {
    const path = databasePath();
    const text = 'These are my notes, not a database.\n'.repeat(200);
    writeFileSync(path, text);
    const error = openingError(() => openDatabase({ path }));
    expect(error.code).toBe('database_corrupt');
    expect(error.message).toContain('damaged');
    expect(error.message).toContain('Nothing has been deleted');
    expect(error.message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('reports a file shorter than the SQLite header as database_corrupt', () => {
    const path = databasePath();
    writeFileSync(path, 'SQLite');
    expect(openingError(() => openDatabase({ path })).code).toBe('database_corrupt');
    expect(readFileSync(path, 'utf8')).toBe('SQLite');
  });

  it('reports a database that fails PRAGMA quick_check as database_corrupt and leaves it untouched', () => {
    const path = databasePath();
    const seed = new BetterSqlite3(path);
    seed.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX notes_body ON notes (body)');
    const insert = seed.prepare('INSERT INTO notes (body) VALUES (?)');
    seed.transaction(() => {
      for (let index = 0; index < 2000; index += 1) {
        insert.run(`note ${index}`);
      }
    })();
    seed.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // Overwrite the cell pointers of page 3, an index page: the header stays valid.
    for (let index = 0; index < 200; index += 1) {
      bytes[pageSize * 2 + 8 + index] = 0x41 + (index % 7);
    }
    writeFileSync(path, bytes);
    const before = fileDigest(path);

    const error = openingError(() => openDatabase({ path }));

    expect(error.code).toBe('database_corrupt');
    expect(String((error.cause as Error).message)).toContain('quick_check');
    expect(fileDigest(path)).toBe(before);
  });

  it('reports a write lock held by another process past the timeout as database_locked', async () => {
    const path = databasePath();
    // A database in rollback-journal mode, as an older copy or another tool might leave it.
    const seed = new BetterSqlite3(path);
    seed.exec('CREATE TABLE other (id INTEGER PRIMARY KEY)');
    seed.close();
    const before = fileDigest(path);
    const holder = spawn(process.execPath, nodeArgumentsForTypescript(holdWriteLockScript, [path]), {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolvePromise, reject) => {
        holder.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          if (chunk.includes('locked')) {
            resolvePromise();
          }
        });
        holder.on('error', reject);
        holder.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
      });
      const started = Date.now();
      const error = openingError(() => openDatabase({ path, busyTimeoutMs: 300 }));
      expect(error.code).toBe('database_locked');
      expect(error.message).toContain('another copy of Realmkeeper');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(fileDigest(path)).toBe(before);
    } finally {
      holder.stdin.end();
      await new Promise((resolvePromise) => holder.on('close', resolvePromise));
    }
    // Once the other process lets go, the same file opens and migrates.
    const database = openDatabase({ path });
    expect(readUserVersion(database)).toBe(latestVersion);
    database.close();
  });

  it('opens a current database while another process holds its write lock: opening writes nothing', async () => {
    const path = databasePath();
    openDatabase({ path }).close();
    const holder = spawn(process.execPath, nodeArgumentsForTypescript(holdWriteLockScript, [path]), {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolvePromise) => {
        holder.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          if (chunk.includes('locked')) resolvePromise();
        });
      });
      const database = openDatabase({ path, busyTimeoutMs: 200 });
      expect(readUserVersion(database)).toBe(latestVersion);
      database.close();
    } finally {
      holder.stdin.end();
      await new Promise((resolvePromise) => holder.on('close', resolvePromise));
    }
  });

  it('reports a lock met after opening, on a later write, as database_locked too', async () => {
    const path = databasePath();
    const database = openDatabase({ path, busyTimeoutMs: 200 });
    const holder = spawn(process.execPath, nodeArgumentsForTypescript(holdWriteLockScript, [path]), {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolvePromise) => {
        holder.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          if (chunk.includes('locked')) {
            resolvePromise();
          }
        });
      });
      const error = openingError(() =>
        insertCompany(
          database,
          { realmId: '123', environment: 'sandbox', name: 'A', clientIdFingerprint: 'f' },
          1,
        ),
      );
      expect(error.code).toBe('database_locked');
    } finally {
      holder.stdin.end();
      await new Promise((resolvePromise) => holder.on('close', resolvePromise));
      database.close();
    }
  });

  it('reports a path it cannot create as database_unavailable', () => {
    const path = join(databasePath(), 'missing-folder', 'realmkeeper.db');
    const error = openingError(() => openDatabase({ path }));
    expect(error.code).toBe('database_unavailable');
    expect(error.message).toContain('Check that the folder exists');
  });

  it('refuses a database written by a newer version without changing it', () => {
    const path = databasePath();
    const seed = new BetterSqlite3(path);
    seed.pragma('user_version = 99');
    seed.close();
    const before = fileDigest(path);
    const error = openingError(() => openDatabase({ path }));
    expect(error.code).toBe('database_too_new');
    expect(fileDigest(path)).toBe(before);
    const check = new BetterSqlite3(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    check.close();
  });
});
