import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteCompany,
  findCompanyByRealm,
  getCompany,
  insertCompany,
  listCompanies,
  recordCompanyTokenTimes,
  renameCompany,
  setCompanyStatus,
} from '../../../main/core/storage/company-repository';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { addSampleCompany } from './fixtures/sample-company';
import { openTemporaryDatabase } from './fixtures/temporary-database';
import type { TemporaryDatabase } from './fixtures/temporary-database';

let temporary: TemporaryDatabase;
let database: SqliteDatabase;

beforeEach(() => {
  temporary = openTemporaryDatabase();
  database = temporary.database;
});
afterEach(() => temporary.close());

describe('company repository', () => {
  it('inserts a connected company and finds it by id and by realm', () => {
    const company = addSampleCompany(database, { id: 'company-1' }, 5000);
    expect(company).toEqual({
      id: 'company-1',
      realmId: '9341453050000001',
      environment: 'sandbox',
      name: 'Larry’s Bakery',
      clientIdFingerprint: 'a1b2c3d4e5f6',
      status: 'connected',
      cause: null,
      lastRefreshAt: null,
      accessExpiresAt: null,
      refreshExpiresAt: null,
      refreshHardExpiresAt: null,
      tokenGeneration: 0,
      createdAt: 5000,
      updatedAt: 5000,
    });
    expect(getCompany(database, 'company-1')).toEqual(company);
    expect(findCompanyByRealm(database, 'sandbox', '9341453050000001')).toEqual(company);
    expect(findCompanyByRealm(database, 'production', '9341453050000001')).toBeUndefined();
  });

  it('reports the same realm in the same environment as already existing', () => {
    const first = addSampleCompany(database);
    const second = insertCompany(
      database,
      { realmId: first.realmId, environment: 'sandbox', name: 'Other', clientIdFingerprint: 'x' },
      1,
    );
    expect(second).toEqual({ kind: 'already_exists', company: first });
    expect(listCompanies(database)).toHaveLength(1);
  });

  it('lists companies by name, whatever the case', () => {
    addSampleCompany(database, { name: 'zebra Ltd', realmId: '1' });
    addSampleCompany(database, { name: 'Apple Co', realmId: '2' });
    addSampleCompany(database, { name: 'mango', realmId: '3' });
    expect(listCompanies(database).map((company) => company.name)).toEqual(['Apple Co', 'mango', 'zebra Ltd']);
  });

  it('records status with a cause, and a refresh puts it back to connected', () => {
    const company = addSampleCompany(database);
    expect(setCompanyStatus(database, company.id, 'needs_reconnect', 'revoked', 10)).toBe(true);
    expect(getCompany(database, company.id)).toMatchObject({ status: 'needs_reconnect', cause: 'revoked', updatedAt: 10 });
    const times = { lastRefreshAt: 20, accessExpiresAt: 3_600_020, refreshExpiresAt: 8_726_400_020, refreshHardExpiresAt: null, tokenGeneration: 1 };
    expect(recordCompanyTokenTimes(database, company.id, times, 20)).toBe(true);
    expect(getCompany(database, company.id)).toMatchObject({ ...times, status: 'connected', cause: null });
  });

  it('never lets an older token generation overwrite a newer one', () => {
    const company = addSampleCompany(database);
    const newer = { lastRefreshAt: 200, accessExpiresAt: 300, refreshExpiresAt: 400, refreshHardExpiresAt: 500, tokenGeneration: 3 };
    recordCompanyTokenTimes(database, company.id, newer, 200);
    expect(recordCompanyTokenTimes(database, company.id, { ...newer, lastRefreshAt: 100, tokenGeneration: 2 }, 210)).toBe(false);
    expect(getCompany(database, company.id)).toMatchObject(newer);
  });

  it('renames and deletes', () => {
    const company = addSampleCompany(database);
    expect(renameCompany(database, company.id, 'Larry’s Bakery & Café', 30)).toBe(true);
    expect(getCompany(database, company.id)?.name).toBe('Larry’s Bakery & Café');
    expect(deleteCompany(database, company.id)).toBe(true);
    expect(getCompany(database, company.id)).toBeUndefined();
    expect(renameCompany(database, company.id, 'x', 31)).toBe(false);
  });
});
