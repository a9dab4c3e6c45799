import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/storage/open-database';
import { StorageError } from '../../../main/core/storage/storage-error';
import { nodeArgumentsForTypescript } from './fixtures/run-typescript';
import { createTemporaryDirectory, type TemporaryDirectory } from './fixtures/temporary-database';

const openAndRecordScript = fileURLToPath(new URL('./fixtures/open-and-record.ts', import.meta.url));

let directory: TemporaryDirectory | undefined;
afterEach(() => {
  directory?.remove();
  directory = undefined;
});

function folder(): string {
  directory = createTemporaryDirectory('realmkeeper-new-db-');
  return directory.path;
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('a new database, and an empty file where one should be', () => {
  it('reports an existing empty file as damaged, never as new, and leaves it exactly as it was', () => {
    const path = join(folder(), 'realmkeeper.db');
    writeFileSync(path, '');
    const before = statSync(path);
    let error: unknown;
    try {
      openDatabase({ path }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'database_corrupt' });
    const message = (error as StorageError).message;
    expect(message).toContain('keys in the system keychain are untouched');
    expect(message).toContain('move it away to start fresh');
    expect(message).toContain(path);
    const after = statSync(path);
    expect({ size: after.size, ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ size: 0, ino: before.ino, mtimeMs: before.mtimeMs });
    expect(readdirSync(directory?.path ?? '')).toEqual(['realmkeeper.db']);
  });

  it('builds a new database under another name and leaves nothing else behind', () => {
    const base = folder();
    const database = openDatabase({ path: join(base, 'realmkeeper.db') });
    database.close();
    expect(readdirSync(base).filter((name) => !name.startsWith('realmkeeper.db'))).toEqual([]);
    const check = new BetterSqlite3(join(base, 'realmkeeper.db'), { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'companies'").get()).toEqual({ n: 1 });
    check.close();
  });

  it('lets processes that create it at the same moment all open one and the same database', async () => {
    const base = folder();
    const path = join(base, 'realmkeeper.db');
    const go = join(base, 'go');
    const names = ['first', 'second', 'third'];
    const children = names.map(
      (name) =>
        new Promise<string>((resolve) => {
          const child = spawn(process.execPath, nodeArgumentsForTypescript(openAndRecordScript, [path, go, name]), { stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
          child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
          child.once('close', () => resolve(output.trim()));
        }),
    );
    writeFileSync(go, '');
    expect(await Promise.all(children)).toEqual(names.map(() => 'ok'));
    const check = new BetterSqlite3(path, { readonly: true });
    const recorded = check.prepare('SELECT message FROM events ORDER BY message').all() as Array<{ message: string }>;
    check.close();
    expect(recorded.map((row) => row.message)).toEqual([...names].sort());
  }, 60_000);
});

describe.skipIf(process.platform === 'win32')('database files private to the user', () => {
  it('creates the database, its -wal and -shm files 0600', () => {
    const path = join(folder(), 'realmkeeper.db');
    const database = openDatabase({ path });
    try {
      database.prepare('CREATE TABLE probe (id INTEGER)').run();
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect({ file, mode: modeOf(file) }).toEqual({ file, mode: 0o600 });
    } finally {
      database.close();
    }
  });

  it('tightens a database an older version left readable by others', () => {
    const path = join(folder(), 'realmkeeper.db');
    openDatabase({ path }).close();
    chmodSync(path, 0o644);
    const database = openDatabase({ path });
    try {
      expect(modeOf(path)).toBe(0o600);
      expect(modeOf(`${path}-wal`)).toBe(0o600);
    } finally {
      database.close();
    }
  });
});
