import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAllCompanyHealth, readCompanyHealth, recordCompanyRetry, recordExpiryWarning } from '../../../main/core/storage/company-health';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { addSampleCompany } from './fixtures/sample-company';
import { openTemporaryDatabase, type TemporaryDatabase } from './fixtures/temporary-database';

let temporary: TemporaryDatabase;
let database: SqliteDatabase;

beforeEach(() => {
  temporary = openTemporaryDatabase();
  database = temporary.database;
});
afterEach(() => temporary.close());

describe('company health', () => {
  it('reads every company in one statement, the same as reading each one', () => {
    addSampleCompany(database, { id: 'backing-off', realmId: '9341452148659287' }, 1_000);
    addSampleCompany(database, { id: 'warned', realmId: '9341453120938471' }, 1_000);
    addSampleCompany(database, { id: 'quiet', realmId: '9341455037762014' }, 1_000);
    recordCompanyRetry(database, 'backing-off', 'network', 9_000, 2_000);
    recordExpiryWarning(database, 'warned', 3_000);

    const all = readAllCompanyHealth(database);

    expect([...all.keys()].sort()).toEqual(['backing-off', 'quiet', 'warned']);
    for (const id of all.keys()) expect(all.get(id)).toEqual(readCompanyHealth(database, id));
    expect(all.get('backing-off')).toMatchObject({ retryReason: 'network', retryNotBefore: 9_000, failingSince: 2_000, failureCount: 1 });
    expect(all.get('warned')?.expiryWarnedAt).toBe(3_000);
  });

  it('is empty without companies', () => {
    expect(readAllCompanyHealth(database).size).toBe(0);
  });
});
