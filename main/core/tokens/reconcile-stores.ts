import { appendEvent } from '../storage/event-log';
import type { SqliteDatabase } from '../storage/sqlite';
import { mirrorTokenTimes } from '../storage/token-mirror';
import { companyTimesOf, type TokenSet } from './token-set';

/**
 * Brings SQLite's copy of a company's token times to the keychain's set (the one truth), and
 * logs it when it had fallen behind: that only happens after a crash between the two writes, a
 * database that refused a write, or a restored backup, and support will want to know.
 * `mayGoBack` only under the company's lease.
 */
export function reconcileStores(database: SqliteDatabase, companyId: string, tokenSet: TokenSet, now: number, options: { readonly mayGoBack: boolean }): void {
  const repair = mirrorTokenTimes(database, companyId, companyTimesOf(tokenSet, tokenSet.issuedAt ?? now), now, options);
  if (repair === undefined) return;
  appendEvent(database, {
    at: now,
    companyId,
    kind: 'stores_reconciled',
    outcome: 'repaired',
    message: `Realmkeeper's database was behind the keychain for this company (set ${repair.fromGeneration}, keychain ${repair.toGeneration}); it was brought up to date and nothing was lost.`,
    details: { fromGeneration: repair.fromGeneration, toGeneration: repair.toGeneration },
  });
}
