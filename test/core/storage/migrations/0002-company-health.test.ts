import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration0001Initial } from '../../../../main/core/storage/migrations/0001-initial';
import { migration0002CompanyHealth } from '../../../../main/core/storage/migrations/0002-company-health';
import { allMigrations } from '../../../../main/core/storage/migrations/all-migrations';

describe('migration 0002 company health', () => {
  it('is version 2, second in the list', () => {
    expect(migration0002CompanyHealth.version).toBe(2);
    expect(allMigrations[1]).toBe(migration0002CompanyHealth);
  });

  it('keeps existing companies and starts them with no failures', () => {
    const database = new BetterSqlite3(':memory:');
    migration0001Initial.up(database);
    database
      .prepare(
        `INSERT INTO companies (id, realm_id, environment, name, client_id_fingerprint, status, created_at, updated_at)
         VALUES ('c1', '9341453050000001', 'sandbox', 'Bakery', 'abc', 'connected', 1, 1)`,
      )
      .run();
    migration0002CompanyHealth.up(database);
    const row = database.prepare('SELECT name, failure_count, retry_not_before, last_checked_at FROM companies').get();
    expect(row).toEqual({ name: 'Bakery', failure_count: 0, retry_not_before: null, last_checked_at: null });
    expect(() => database.prepare('UPDATE companies SET failure_count = -1').run()).toThrow(/CHECK/);
  });
});
