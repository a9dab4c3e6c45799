import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLease } from '../../../main/core/storage/company-lease';
import { appendEvent, listEvents } from '../../../main/core/storage/event-log';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { LeaseHolderIdentity, type HeldRefreshLease } from '../../../main/core/tokens/refresh-lease';
import { addSampleCompany } from '../storage/fixtures/sample-company';
import { openTemporaryDatabase, type TemporaryDatabase } from '../storage/fixtures/temporary-database';

const timing = { waitMs: 0, pollMs: 1 };
let temporary: TemporaryDatabase;
let database: SqliteDatabase;
let identity: LeaseHolderIdentity;
let companyId: string;

beforeEach(() => {
  temporary = openTemporaryDatabase();
  database = temporary.database;
  companyId = addSampleCompany(database).id;
  identity = new LeaseHolderIdentity(database);
});
afterEach(() => {
  identity.close();
  temporary.close();
});

async function hold(owner: string): Promise<HeldRefreshLease> {
  const attempt = await identity.hold(companyId, owner, timing, () => 1_000);
  if (attempt.kind !== 'held') throw new Error(`expected the lease, got ${attempt.kind}`);
  return attempt.lease;
}

describe('a refresh lease given back with the writes that end the refresh', () => {
  it('releases in the writes’ transaction, and a later release changes nothing', async () => {
    const owner = identity.newOwner();
    const lease = await hold(owner);
    lease.releaseWith(() => appendEvent(database, { at: 1_000, companyId, kind: 'refresh', outcome: 'succeeded' }));
    expect(readLease(database, companyId)?.owner).toBeNull();
    expect(listEvents(database, { companyId, limit: 10, cursor: null }).events).toHaveLength(1);
    // Another keeper takes it; the first one's release in its finally must not touch that.
    const next = identity.newOwner();
    await hold(next);
    lease.release();
    expect(readLease(database, companyId)?.owner).toBe(next);
  });

  it('keeps the lease, and the writes undone, when the writes fail; release then gives it back', async () => {
    const owner = identity.newOwner();
    const lease = await hold(owner);
    expect(() =>
      lease.releaseWith(() => {
        appendEvent(database, { at: 1_000, companyId, kind: 'refresh', outcome: 'succeeded' });
        throw new Error('the disk is full');
      }),
    ).toThrow('the disk is full');
    expect(readLease(database, companyId)?.owner).toBe(owner);
    expect(listEvents(database, { companyId, limit: 10, cursor: null }).events).toHaveLength(0);
    lease.release();
    expect(readLease(database, companyId)?.owner).toBeNull();
  });
});
