import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../../../main/core/storage/migrations/all-migrations';
import { migration0004JournalByToken } from '../../../../main/core/storage/migrations/0004-journal-by-token';
import { openDatabase } from '../../../../main/core/storage/open-database';
import { recordRefusal, refusedSince } from '../../../../main/core/storage/intuit-refusals';

describe('migration 0004 journal by token', () => {
  it('is version 4, fourth in the list', () => {
    expect(migration0004JournalByToken.version).toBe(4);
    expect(allMigrations[3]).toBe(migration0004JournalByToken);
  });

  it("answers the question asked before every send from the index, not from the company's whole journal", () => {
    const database = openDatabase({ path: ':memory:' });
    const plan = database
      .prepare('EXPLAIN QUERY PLAN SELECT outcome FROM refresh_journal WHERE company_id = ? AND refresh_token_hash = ? ORDER BY id')
      .all('c1', 'h1') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' | ')).toContain('refresh_journal_by_token (company_id=? AND refresh_token_hash=?)');
    database.close();
  });

  it('keeps the refusal already recorded, its first time read from the time it was refused', () => {
    const database = openDatabase({ path: ':memory:' });
    database.exec(`INSERT INTO companies (id, realm_id, environment, name, client_id_fingerprint, status, created_at, updated_at)
                   VALUES ('c1', '9341453050000001', 'sandbox', 'Bakery', 'abc', 'connected', 1, 1)`);
    database.exec("INSERT INTO intuit_refusals (environment, company_id, refused_at) VALUES ('sandbox', 'c1', 500)");
    expect(refusedSince(database, 'sandbox', 'c1')).toBe(500);
    recordRefusal(database, 'sandbox', 'c1', 900);
    expect(refusedSince(database, 'sandbox', 'c1')).toBe(500);
    database.close();
  });
});
