import type { IntuitEnvironment } from './intuit-environment';
import {
  asRow,
  environmentColumn,
  integerColumn,
  nullableIntegerColumn,
  nullableTextColumn,
  oneOfColumn,
  textColumn,
} from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

/** Intuit's codes live 10 minutes; a state older than that can only lead to `invalid_grant`. */
export const authorizationMaxAgeMs = 10 * 60 * 1000;

export const authorizationStatuses = ['pending', 'consumed', 'expired', 'cancelled'] as const;
export type AuthorizationStatus = (typeof authorizationStatuses)[number];

export const exchangeOutcomes = ['unknown', 'succeeded', 'failed'] as const;
export type ExchangeOutcome = (typeof exchangeOutcomes)[number];

export interface PendingAuthorization {
  readonly stateHash: string;
  readonly environment: IntuitEnvironment;
  readonly clientIdFingerprint: string;
  readonly redirectUri: string;
  /** Set when reconnecting: the company whose identity the callback must match. */
  readonly targetCompanyId: string | null;
  readonly createdAt: number;
  readonly status: AuthorizationStatus;
  readonly consumedAt: number | null;
}

export interface NewPendingAuthorization {
  readonly stateHash: string;
  readonly environment: IntuitEnvironment;
  readonly clientIdFingerprint: string;
  readonly redirectUri: string;
  readonly targetCompanyId: string | null;
}

export type ConsumeStateResult =
  | { readonly kind: 'consumed'; readonly authorization: PendingAuthorization }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'already_consumed'; readonly consumedAt: number }
  | { readonly kind: 'expired' }
  | { readonly kind: 'cancelled' };

export type ConsumeCallbackResult =
  | ConsumeStateResult
  /** The code was recorded before: it must never be sent to Intuit again. */
  | { readonly kind: 'code_already_seen' };

export interface CodeLedgerEntry {
  readonly codeHash: string;
  readonly stateHash: string;
  readonly consumedAt: number;
  readonly outcome: ExchangeOutcome;
  readonly settledAt: number | null;
}

export function createPendingAuthorization(
  database: SqliteDatabase,
  input: NewPendingAuthorization,
  now: number,
): PendingAuthorization {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare(
        `INSERT INTO pending_authorizations
           (state_hash, environment, client_id_fingerprint, redirect_uri, target_company_id,
            created_at, status)
         VALUES (?, ?, ?, ?, ?, ?, 'pending')
         RETURNING *`,
      )
      .get(
        input.stateHash,
        input.environment,
        input.clientIdFingerprint,
        input.redirectUri,
        input.targetCompanyId,
        now,
      );
    return pendingAuthorizationFromRow(row);
  });
}

export function getPendingAuthorization(
  database: SqliteDatabase,
  stateHash: string,
): PendingAuthorization | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare('SELECT * FROM pending_authorizations WHERE state_hash = ?')
      .get(stateHash);
    return row === undefined ? undefined : pendingAuthorizationFromRow(row);
  });
}

/**
 * Consumes a state with one conditional UPDATE, so two deliveries of the same callback (in one
 * process or several) can never both see `consumed`. When nothing was updated, a plain read
 * says why; that read cannot turn a refusal into an acceptance.
 */
export function consumeState(
  database: SqliteDatabase,
  stateHash: string,
  now: number,
  maxAgeMs: number = authorizationMaxAgeMs,
): ConsumeStateResult {
  return withStorageErrors(database, () => {
    const consumed: unknown = database
      .prepare(
        `UPDATE pending_authorizations
            SET status = 'consumed', consumed_at = ?
          WHERE state_hash = ? AND status = 'pending' AND created_at > ?
          RETURNING *`,
      )
      .get(now, stateHash, now - maxAgeMs);
    if (consumed !== undefined) {
      return { kind: 'consumed', authorization: pendingAuthorizationFromRow(consumed) };
    }
    const existing = getPendingAuthorization(database, stateHash);
    if (existing === undefined) {
      return { kind: 'unknown' };
    }
    switch (existing.status) {
      case 'consumed':
        return { kind: 'already_consumed', consumedAt: existing.consumedAt ?? existing.createdAt };
      case 'cancelled':
        return { kind: 'cancelled' };
      case 'expired':
      case 'pending':
        return { kind: 'expired' };
    }
  });
}

/**
 * Consumes the state and records the code as spent in one IMMEDIATE transaction, before the
 * code is sent: either both happen or neither does. A code seen before is refused even with a
 * fresh state, and then the state is left untouched.
 */
export function consumeCallback(
  database: SqliteDatabase,
  input: { readonly stateHash: string; readonly codeHash: string },
  now: number,
  maxAgeMs: number = authorizationMaxAgeMs,
): ConsumeCallbackResult {
  return withStorageErrors(database, () => {
    const consume = database.transaction((): ConsumeCallbackResult => {
      const seen: unknown = database
        .prepare('SELECT 1 FROM code_ledger WHERE code_hash = ?')
        .get(input.codeHash);
      if (seen !== undefined) {
        return { kind: 'code_already_seen' };
      }
      const result = consumeState(database, input.stateHash, now, maxAgeMs);
      if (result.kind === 'consumed') {
        database
          .prepare(
            `INSERT INTO code_ledger (code_hash, state_hash, consumed_at, outcome)
             VALUES (?, ?, ?, 'unknown')`,
          )
          .run(input.codeHash, input.stateHash, now);
      }
      return result;
    });
    return consume.immediate();
  });
}

/** Settles a spent code once; a second settlement (or an unknown code) returns false. */
export function recordExchangeOutcome(
  database: SqliteDatabase,
  codeHash: string,
  outcome: Exclude<ExchangeOutcome, 'unknown'>,
  now: number,
): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE code_ledger SET outcome = ?, settled_at = ?
          WHERE code_hash = ? AND outcome = 'unknown'`,
      )
      .run(outcome, now, codeHash);
    return result.changes === 1;
  });
}

export function getCodeLedgerEntry(
  database: SqliteDatabase,
  codeHash: string,
): CodeLedgerEntry | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare('SELECT * FROM code_ledger WHERE code_hash = ?')
      .get(codeHash);
    return row === undefined ? undefined : codeLedgerEntryFromRow(row);
  });
}

/**
 * Codes spent but never settled: the process died or timed out between send and answer. They
 * are never sent again; the flow tells the bookkeeper to reconnect.
 */
export function listUnsettledCodes(database: SqliteDatabase): CodeLedgerEntry[] {
  return withStorageErrors(database, () =>
    database
      .prepare(`SELECT * FROM code_ledger WHERE outcome = 'unknown' ORDER BY consumed_at`)
      .all()
      .map(codeLedgerEntryFromRow),
  );
}

export function cancelPendingAuthorization(database: SqliteDatabase, stateHash: string): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE pending_authorizations SET status = 'cancelled'
          WHERE state_hash = ? AND status = 'pending'`,
      )
      .run(stateHash);
    return result.changes === 1;
  });
}

/** Marks pending attempts past their age as expired; returns how many it marked. */
export function expireStale(
  database: SqliteDatabase,
  now: number,
  maxAgeMs: number = authorizationMaxAgeMs,
): number {
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE pending_authorizations SET status = 'expired'
          WHERE status = 'pending' AND created_at <= ?`,
      )
      .run(now - maxAgeMs);
    return result.changes;
  });
}

export function listPendingAuthorizations(
  database: SqliteDatabase,
  now: number,
  maxAgeMs: number = authorizationMaxAgeMs,
): PendingAuthorization[] {
  return withStorageErrors(database, () =>
    database
      .prepare(
        `SELECT * FROM pending_authorizations
          WHERE status = 'pending' AND created_at > ? ORDER BY created_at`,
      )
      .all(now - maxAgeMs)
      .map(pendingAuthorizationFromRow),
  );
}

function pendingAuthorizationFromRow(value: unknown): PendingAuthorization {
  const row = asRow(value);
  return {
    stateHash: textColumn(row, 'state_hash'),
    environment: environmentColumn(row, 'environment'),
    clientIdFingerprint: textColumn(row, 'client_id_fingerprint'),
    redirectUri: textColumn(row, 'redirect_uri'),
    targetCompanyId: nullableTextColumn(row, 'target_company_id'),
    createdAt: integerColumn(row, 'created_at'),
    status: oneOfColumn(row, 'status', authorizationStatuses),
    consumedAt: nullableIntegerColumn(row, 'consumed_at'),
  };
}

function codeLedgerEntryFromRow(value: unknown): CodeLedgerEntry {
  const row = asRow(value);
  return {
    codeHash: textColumn(row, 'code_hash'),
    stateHash: textColumn(row, 'state_hash'),
    consumedAt: integerColumn(row, 'consumed_at'),
    outcome: oneOfColumn(row, 'outcome', exchangeOutcomes),
    settledAt: nullableIntegerColumn(row, 'settled_at'),
  };
}
