import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../../../main/core/storage/migrations/all-migrations';
import { migration0004JournalByToken } from '../../../../main/core/storage/migrations/0004-journal-by-token';
import { openDatabase } from '../../../../main/core/storage/open-database';

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
});
