import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../../../main/core/storage/migration';
import { readUserVersion, runMigrations } from '../../../main/core/storage/run-migrations';
import { StorageError } from '../../../main/core/storage/storage-error';

function tableMigration(version: number, table: string): Migration {
  return {
    version,
    name: `create ${table}`,
    up(database) {
      database.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`);
    },
  };
}

function tableNames(database: BetterSqlite3.Database): string[] {
  return database
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all()
    .map(String);
}

describe('runMigrations', () => {
  it('runs every migration in order on a new database and records the version', () => {
    const database = new BetterSqlite3(':memory:');
    const report = runMigrations(database, [tableMigration(1, 'first'), tableMigration(2, 'second')]);
    expect(report).toEqual({ fromVersion: 0, toVersion: 2 });
    expect(readUserVersion(database)).toBe(2);
    expect(tableNames(database)).toEqual(['first', 'second']);
  });

  it('runs only the migrations newer than user_version', () => {
    const database = new BetterSqlite3(':memory:');
    runMigrations(database, [tableMigration(1, 'first')]);
    const report = runMigrations(database, [tableMigration(1, 'first'), tableMigration(2, 'second')]);
    expect(report).toEqual({ fromVersion: 1, toVersion: 2 });
    expect(tableNames(database)).toEqual(['first', 'second']);
    expect(runMigrations(database, [tableMigration(1, 'first'), tableMigration(2, 'second')])).toEqual({
      fromVersion: 2,
      toVersion: 2,
    });
  });

  it('rolls every step back when one migration fails', () => {
    const database = new BetterSqlite3(':memory:');
    const failing: Migration = {
      version: 2,
      name: 'broken',
      up() {
        throw new Error('boom');
      },
    };
    expect(() => runMigrations(database, [tableMigration(1, 'first'), failing])).toThrow('boom');
    expect(readUserVersion(database)).toBe(0);
    expect(tableNames(database)).toEqual([]);
  });

  it('rejects a list with a gap or a duplicate version', () => {
    const database = new BetterSqlite3(':memory:');
    expect(() => runMigrations(database, [tableMigration(1, 'a'), tableMigration(3, 'c')])).toThrow(
      /expected 2/,
    );
    expect(() => runMigrations(database, [tableMigration(1, 'a'), tableMigration(1, 'b')])).toThrow(
      /expected 2/,
    );
  });

  it('refuses a database newer than the newest migration', () => {
    const database = new BetterSqlite3(':memory:');
    database.pragma('user_version = 5');
    expect(() => runMigrations(database, [tableMigration(1, 'a')])).toThrow(StorageError);
    expect(readUserVersion(database)).toBe(5);
  });
});
