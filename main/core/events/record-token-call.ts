import type { Cause } from '../diagnosis/causes';
import type { TokenOutcome } from '../intuit/token-response';
import { appendEvent, type GrantType, type StoredEvent } from '../storage/event-log';
import { displayHash } from '../storage/hash-secret';
import type { SqliteDatabase } from '../storage/sqlite';

export interface TokenCallRecord {
  readonly at: number;
  readonly companyId: string | null;
  readonly grantType: GrantType;
  readonly outcome: TokenOutcome;
  /** SHA-256 of the code or refresh token sent; only a short prefix is written. */
  readonly sentHash: string;
  readonly cause?: Cause | null;
  readonly message?: string;
}

function outcomeName(outcome: TokenOutcome): string {
  switch (outcome.kind) {
    case 'issued':
      return 'succeeded';
    case 'rejected':
      return 'rejected';
    case 'transient':
      return outcome.maybeApplied ? 'unknown' : 'failed';
  }
}

/** Every token-endpoint call goes to the event log with Intuit's id for it, and never a secret. */
export function recordTokenCall(database: SqliteDatabase, record: TokenCallRecord): StoredEvent {
  const { outcome } = record;
  return appendEvent(database, {
    at: record.at,
    companyId: record.companyId,
    kind: record.grantType === 'authorization_code' ? 'token_exchange' : 'refresh',
    grantType: record.grantType,
    outcome: outcomeName(outcome),
    httpStatus: outcome.kind === 'transient' ? (outcome.status ?? null) : outcome.status,
    intuitError: outcome.kind === 'rejected' ? outcome.error : null,
    intuitTid: outcome.intuitTid ?? null,
    cause: record.cause ?? null,
    message: record.message ?? (outcome.kind === 'transient' ? outcome.detail : null),
    details: {
      sent: displayHash(record.sentHash),
      ...(outcome.kind === 'transient' ? { reason: outcome.reason } : {}),
    },
  });
}
