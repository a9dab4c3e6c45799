import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { listCompanyViews } from '../../main/core/engine/company-view';
import { insertCompany } from '../../main/core/storage/company-repository';
import { appendEvent } from '../../main/core/storage/event-log';
import { openDatabase } from '../../main/core/storage/open-database';

/**
 * The list the window reads on every change: 300 companies, each with a year of daily refreshes
 * in the event log (109,500 events), and the last success and failure read from that log.
 */
const database = openDatabase({ path: join(mkdtempSync(join(tmpdir(), 'realmkeeper-bench-')), 'list.db') });
const day = 86_400_000;
const start = Date.UTC(2026, 0, 1);
database.exec('BEGIN');
for (let index = 0; index < 300; index += 1) {
  const id = `sandbox-${9_341_452_148_000 + index}`;
  insertCompany(database, { id, realmId: String(9_341_452_148_000 + index), environment: 'sandbox', name: `Client ${index}`, clientIdFingerprint: 'f' }, start);
  for (let days = 0; days < 365; days += 1) {
    appendEvent(database, { at: start + days * day + index, companyId: id, kind: 'refresh', grantType: 'refresh_token', outcome: days % 50 === 49 ? 'rejected' : 'succeeded' });
  }
}
database.exec('COMMIT');

describe('the company list', () => {
  bench('list 300 companies with their last check from a 109,500-event log', () => {
    if (listCompanyViews(database).length !== 300) throw new Error('expected 300 companies');
  });
});
