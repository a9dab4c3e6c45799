import { asRow, integerColumn, nullableIntegerColumn, oneOfColumn, textColumn } from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

export const refreshOutcomes = ['sent', 'succeeded', 'rejected', 'failed', 'unknown'] as const;
/**
 * `sent`: journalled, no answer yet (if the process died, the answer was lost). `rejected`:
 * Intuit refused the token (`invalid_grant`…). `failed`: Intuit answered with an error that
 * spent nothing (5xx, 429). `unknown`: the request may have reached Intuit but the answer did
 * not come back (timeout, connection reset).
 */
export type RefreshOutcome = (typeof refreshOutcomes)[number];

export interface RefreshJournalEntry {
  readonly id: number;
  readonly companyId: string;
  readonly leaseGeneration: number;
  readonly tokenGeneration: number;
  readonly refreshTokenHash: string;
  readonly sentAt: number;
  readonly outcome: RefreshOutcome;
  readonly settledAt: number | null;
}

export interface RefreshAttempt {
  readonly companyId: string;
  readonly leaseGeneration: number;
  /** The generation of the token set whose refresh token is being sent. */
  readonly tokenGeneration: number;
  readonly refreshTokenHash: string;
}

/** Journals a refresh before the request leaves, so a lost answer is known for what it is. */
export function recordRefreshSent(
  database: SqliteDatabase,
  attempt: RefreshAttempt,
  now: number,
): RefreshJournalEntry {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare(
        `INSERT INTO refresh_journal
           (company_id, lease_generation, token_generation, refresh_token_hash, sent_at, outcome)
         VALUES (?, ?, ?, ?, ?, 'sent')
         RETURNING *`,
      )
      .get(
        attempt.companyId,
        attempt.leaseGeneration,
        attempt.tokenGeneration,
        attempt.refreshTokenHash,
        now,
      );
    return refreshJournalEntryFromRow(row);
  });
}

/** Settles a journalled refresh once; returns false if it was already settled or is unknown. */
export function settleRefresh(
  database: SqliteDatabase,
  id: number,
  outcome: Exclude<RefreshOutcome, 'sent'>,
  now: number,
): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE refresh_journal SET outcome = ?, settled_at = ?
          WHERE id = ? AND outcome = 'sent'`,
      )
      .run(outcome, now, id);
    return result.changes === 1;
  });
}

/** Refreshes that were sent and never settled: the process died before the answer was kept. */
export function listUnsettledRefreshes(
  database: SqliteDatabase,
  companyId: string,
): RefreshJournalEntry[] {
  return withStorageErrors(database, () =>
    database
      .prepare(
        `SELECT * FROM refresh_journal WHERE company_id = ? AND outcome = 'sent'
          ORDER BY sent_at, id`,
      )
      .all(companyId)
      .map(refreshJournalEntryFromRow),
  );
}

export function listRefreshJournal(
  database: SqliteDatabase,
  companyId: string,
  limit: number,
): RefreshJournalEntry[] {
  return withStorageErrors(database, () =>
    database
      .prepare(
        `SELECT * FROM refresh_journal WHERE company_id = ?
          ORDER BY sent_at DESC, id DESC LIMIT ?`,
      )
      .all(companyId, limit)
      .map(refreshJournalEntryFromRow),
  );
}

function refreshJournalEntryFromRow(value: unknown): RefreshJournalEntry {
  const row = asRow(value);
  return {
    id: integerColumn(row, 'id'),
    companyId: textColumn(row, 'company_id'),
    leaseGeneration: integerColumn(row, 'lease_generation'),
    tokenGeneration: integerColumn(row, 'token_generation'),
    refreshTokenHash: textColumn(row, 'refresh_token_hash'),
    sentAt: integerColumn(row, 'sent_at'),
    outcome: oneOfColumn(row, 'outcome', refreshOutcomes),
    settledAt: nullableIntegerColumn(row, 'settled_at'),
  };
}

/**
 * Whether this refresh token's one extra send is spent: an earlier send of it lost its answer (the
 * process died, or the answer never came), and it was sent again after that. Intuit may have
 * replaced it on the first send, so a third would be a superseded token sent twice — whatever
 * happened to the second send's answer (a database that refused to record it, a kill).
 */
export function lostAnswerResendSpent(database: SqliteDatabase, companyId: string, refreshTokenHash: string): boolean {
  return withStorageErrors(database, () => {
    const outcomes = database
      // In the order written, not by sent_at: processes with clocks apart write the same journal.
      .prepare('SELECT outcome FROM refresh_journal WHERE company_id = ? AND refresh_token_hash = ? ORDER BY id')
      .pluck()
      .all(companyId, refreshTokenHash) as unknown[];
    const firstLost = outcomes.findIndex((outcome) => outcome === 'sent' || outcome === 'unknown');
    return firstLost !== -1 && outcomes.length > firstLost + 1;
  });
}
