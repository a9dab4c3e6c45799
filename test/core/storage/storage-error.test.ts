import { describe, expect, it } from 'vitest';
import { StorageError, toStorageError } from '../../../main/core/storage/storage-error';

function sqliteError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('toStorageError', () => {
  it('maps busy and locked, with extended codes, to database_locked', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) {
      const mapped = toStorageError(sqliteError(code), '/data/realmkeeper.db');
      expect(mapped).toBeInstanceOf(StorageError);
      expect((mapped as StorageError).code).toBe('database_locked');
    }
  });

  it('maps corrupt and not-a-database to database_corrupt', () => {
    expect((toStorageError(sqliteError('SQLITE_CORRUPT'), 'p') as StorageError).code).toBe('database_corrupt');
    expect((toStorageError(sqliteError('SQLITE_NOTADB'), 'p') as StorageError).code).toBe('database_corrupt');
  });

  it('passes other failures through untouched', () => {
    const constraint = sqliteError('SQLITE_CONSTRAINT_UNIQUE');
    expect(toStorageError(constraint, 'p')).toBe(constraint);
    const bug = new TypeError('bug');
    expect(toStorageError(bug, 'p')).toBe(bug);
  });

  it('keeps the original failure as the cause', () => {
    const original = sqliteError('SQLITE_BUSY');
    expect((toStorageError(original, 'p') as StorageError).cause).toBe(original);
  });
});
