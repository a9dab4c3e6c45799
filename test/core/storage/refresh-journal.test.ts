import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../main/core/storage/hash-secret';
import {
  listRefreshJournal,
  listUnsettledRefreshes,
  recordRefreshSent,
  settleRefresh,
} from '../../../main/core/storage/refresh-journal';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { addSampleCompany } from './fixtures/sample-company';
import { openTemporaryDatabase } from './fixtures/temporary-database';
import type { TemporaryDatabase } from './fixtures/temporary-database';

let temporary: TemporaryDatabase;
let database: SqliteDatabase;
let companyId: string;

beforeEach(() => {
  temporary = openTemporaryDatabase();
  database = temporary.database;
  companyId = addSampleCompany(database).id;
});
afterEach(() => temporary.close());

function send(now: number, tokenGeneration = 1) {
  return recordRefreshSent(
    database,
    { companyId, leaseGeneration: 7, tokenGeneration, refreshTokenHash: hashSecret(`rt-${tokenGeneration}`) },
    now,
  );
}

describe('refresh journal', () => {
  it('records a refresh as sent before its answer, with only the token hash', () => {
    const entry = send(1000);
    expect(entry).toEqual({
      id: entry.id,
      companyId,
      leaseGeneration: 7,
      tokenGeneration: 1,
      refreshTokenHash: hashSecret('rt-1'),
      sentAt: 1000,
      outcome: 'sent',
      settledAt: null,
    });
    expect(listUnsettledRefreshes(database, companyId)).toEqual([entry]);
  });

  it('settles an entry once', () => {
    const entry = send(1000);
    expect(settleRefresh(database, entry.id, 'succeeded', 1500)).toBe(true);
    expect(settleRefresh(database, entry.id, 'rejected', 1600)).toBe(false);
    expect(listUnsettledRefreshes(database, companyId)).toEqual([]);
    expect(listRefreshJournal(database, companyId, 10)[0]).toMatchObject({ outcome: 'succeeded', settledAt: 1500 });
  });

  it('leaves an entry whose answer never came back visible as unsettled', () => {
    const lost = send(1000, 1);
    const settled = send(2000, 2);
    settleRefresh(database, settled.id, 'failed', 2100);
    expect(listUnsettledRefreshes(database, companyId).map((entry) => entry.id)).toEqual([lost.id]);
    expect(listRefreshJournal(database, companyId, 10).map((entry) => entry.id)).toEqual([settled.id, lost.id]);
  });

  it('refuses an entry for a company that does not exist', () => {
    expect(() =>
      recordRefreshSent(database, { companyId: 'ghost', leaseGeneration: 1, tokenGeneration: 1, refreshTokenHash: 'h' }, 1),
    ).toThrow(/FOREIGN KEY/);
  });
});
