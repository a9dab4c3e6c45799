import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { consumeCallback, createPendingAuthorization } from '../../main/core/storage/authorization-ledger';
import { acquireLease, releaseLease } from '../../main/core/storage/company-lease';
import { insertCompany } from '../../main/core/storage/company-repository';
import { hashSecret } from '../../main/core/storage/hash-secret';
import { openDatabase } from '../../main/core/storage/open-database';

/**
 * What exactly-once costs: the callback's single transaction and the refresh lease are on a
 * real WAL file with synchronous=FULL, so these are fsync-bound figures, not in-memory ones.
 */
const database = openDatabase({ path: join(mkdtempSync(join(tmpdir(), 'realmkeeper-bench-')), 'bench.db') });
insertCompany(database, { id: 'c1', realmId: '9341452148659287', environment: 'sandbox', name: 'Bench Co', clientIdFingerprint: 'f' }, 1);
let counter = 0;

describe('exactly-once bookkeeping on a real SQLite file', () => {
  bench('create a state, then consume its callback with the code recorded (one transaction)', () => {
    counter += 1;
    const stateHash = hashSecret(`state-${counter}`);
    createPendingAuthorization(database, { stateHash, environment: 'sandbox', clientIdFingerprint: 'f', redirectUri: 'http://localhost:8765/callback', targetCompanyId: null }, Date.now());
    consumeCallback(database, { stateHash, codeHash: hashSecret(`code-${counter}`) }, Date.now());
  });

  bench('take and release a company refresh lease', () => {
    const lease = acquireLease(database, 'c1', { owner: 'bench-owner', pid: process.pid }, () => true, Date.now());
    if (lease.kind === 'held') releaseLease(database, 'c1', 'bench-owner', lease.lease.generation);
  });
});
