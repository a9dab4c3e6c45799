import type { Cause } from '../diagnosis/causes';
import { deadTokenCause } from '../diagnosis/dead-token';
import { recordTokenCall } from '../events/record-token-call';
import { recordCompanyVerified } from '../storage/company-health';
import { getCompany } from '../storage/company-repository';
import type { ClientCredentials } from '../intuit/client-credentials';
import { sendTokenRequest, type Fetch } from '../intuit/send-token-request';
import { buildRefreshRequest } from '../intuit/token-request';
import type { TokenOutcome } from '../intuit/token-response';
import type { LeaseRecord } from '../storage/company-lease';
import { hashSecret } from '../storage/hash-secret';
import { lostAnswerResendSpent, recordRefreshSent, settleRefresh, type RefreshOutcome } from '../storage/refresh-journal';
import type { SqliteDatabase } from '../storage/sqlite';
import { inWriteTransaction, isStorageError } from '../storage/storage-error';
import { mirrorTokenTimes } from '../storage/token-mirror';
import { crashPoint } from '../system/crash-point';
import type { LeaseHolderIdentity, LeaseTiming } from './refresh-lease';
import { reconcileStores } from './reconcile-stores';
import { saveUntilStored, type SaveOptions } from './save-token-set';
import { companyTimesOf, tokenSetAfterRefresh, type TokenSet } from './token-set';
import type { TokenVault } from './token-vault';

export interface RefreshEndpoint {
  readonly tokenEndpoint: string;
  readonly credentials: ClientCredentials;
  /** QuickBooks' API, where an access token can be asked whether its connection stands. */
  readonly apiBaseUrl?: string;
}

export interface RefreshOnceDependencies {
  readonly database: SqliteDatabase;
  readonly vault: TokenVault;
  readonly now: () => number;
  readonly leases: LeaseHolderIdentity;
  readonly leaseOwner: string;
  readonly leaseTiming: LeaseTiming;
  readonly requestTimeoutMs: number;
  readonly fetch?: Fetch;
  readonly save?: SaveOptions;
  /** Told of anything worth a line in the event log that is not a token call (a repaired copy). */
  readonly onDatabaseBehind?: (error: unknown) => void;
}

/** When a refresh may be skipped because the stored set already is what the caller needs. */
export type RefreshNeed =
  /** Refresh unless the stored access token is good for `minimumValidityMs`. */
  | { readonly kind: 'if_stale'; readonly minimumValidityMs: number }
  /**
   * Refresh even if the access token is good (keep-alive, "refresh now"), unless another process
   * refreshed after the caller looked (the stored generation passed `observedGeneration`) and
   * that set is good for `minimumValidityMs`.
   */
  | { readonly kind: 'force'; readonly observedGeneration: number | undefined; readonly minimumValidityMs: number };

export interface RefreshOnceRequest {
  readonly companyId: string;
  readonly endpoint: RefreshEndpoint;
  readonly need: RefreshNeed;
}

export type RefreshOnceResult =
  | { readonly kind: 'refreshed'; readonly tokenSet: TokenSet; readonly intuitTid: string | undefined }
  | { readonly kind: 'already_fresh'; readonly tokenSet: TokenSet }
  | { readonly kind: 'rejected'; readonly tokenSet: TokenSet; readonly sentHash: string; readonly outcome: Extract<TokenOutcome, { kind: 'rejected' }> }
  | { readonly kind: 'transient'; readonly tokenSet: TokenSet; readonly outcome: Extract<TokenOutcome, { kind: 'transient' }> }
  | { readonly kind: 'lease_busy'; readonly holder: LeaseRecord }
  | { readonly kind: 'company_gone' }
  | { readonly kind: 'flagged'; readonly cause: Cause }
  | { readonly kind: 'no_tokens' }
  /** The refresh token's answer was lost and it was sent once more already: it is never sent again. */
  | { readonly kind: 'resend_spent' };

/**
 * One refresh under the company's lease: take the lease, read the keychain's set (the one truth:
 * another process may have just refreshed, and SQLite's copy may be behind), bring SQLite's copy
 * up to it, journal, send, and keep whatever came back in the keychain before the lease is
 * released or anyone sees the new access token.
 */
export async function refreshOnce(dependencies: RefreshOnceDependencies, request: RefreshOnceRequest): Promise<RefreshOnceResult> {
  const { database, vault, now } = dependencies;
  const held = await dependencies.leases.hold(request.companyId, dependencies.leaseOwner, dependencies.leaseTiming, now);
  if (held.kind === 'busy') return { kind: 'lease_busy', holder: held.holder };
  if (held.kind === 'gone') return { kind: 'company_gone' };
  try {
    // Flagged by another process while this one waited for the lease: its token is not sent.
    const flagged = deadTokenCause(getCompany(database, request.companyId));
    if (flagged !== undefined) return { kind: 'flagged', cause: flagged };
    const current = await vault.read(request.companyId);
    if (current === undefined) return { kind: 'no_tokens' };
    reconcileStores(database, request.companyId, current, now(), { mayGoBack: true });
    if (mayServe(current, request.need, now())) return { kind: 'already_fresh', tokenSet: current };

    const refreshToken = current.refreshToken;
    const sentHash = hashSecret(refreshToken);
    if (lostAnswerResendSpent(database, request.companyId, sentHash)) return { kind: 'resend_spent' };
    // Journalled before it leaves: if the database refuses, nothing is sent.
    const journal = recordRefreshSent(
      database,
      { companyId: request.companyId, leaseGeneration: held.lease.generation, tokenGeneration: current.generation, refreshTokenHash: sentHash },
      now(),
    );
    crashPoint('refresh_before_send');
    const outcome = await sendTokenRequest(buildRefreshRequest(request.endpoint.tokenEndpoint, request.endpoint.credentials, refreshToken), {
      fetch: dependencies.fetch,
      timeoutMs: dependencies.requestTimeoutMs,
    });
    crashPoint('refresh_after_answer');
    const answeredAt = now();
    if (outcome.kind === 'issued') {
      const next = tokenSetAfterRefresh(current, outcome.tokens, answeredAt);
      // The keychain first, and until it takes it: this refresh token exists nowhere else now.
      await saveUntilStored(vault, request.companyId, next, dependencies.save);
      crashPoint('refresh_after_keychain_write');
      // One transaction, one sync to disk: a launch pass of hundreds of refreshes is bound by them
      // (the company's health, verified now, and the lease's release ride in it too).
      afterKeychain(dependencies, () =>
        held.lease.releaseWith(() => {
          settleRefresh(database, journal.id, 'succeeded', answeredAt);
          mirrorTokenTimes(database, request.companyId, companyTimesOf(next, answeredAt), answeredAt, { mayGoBack: true });
          recordTokenCall(database, { at: answeredAt, companyId: request.companyId, grantType: 'refresh_token', outcome, sentHash });
          recordCompanyVerified(database, request.companyId, answeredAt);
        }),
      );
      crashPoint('refresh_after_database_write');
      return { kind: 'refreshed', tokenSet: next, intuitTid: outcome.intuitTid };
    }
    if (outcome.kind === 'rejected') {
      inWriteTransaction(database, () => {
        settleRefresh(database, journal.id, 'rejected', answeredAt);
        recordTokenCall(database, {
          at: answeredAt,
          companyId: request.companyId,
          grantType: 'refresh_token',
          outcome,
          sentHash,
          message: outcome.error === 'invalid_grant' ? 'Intuit refused the refresh; Realmkeeper is checking why' : undefined,
        });
      });
      return { kind: 'rejected', tokenSet: current, sentHash, outcome };
    }
    inWriteTransaction(database, () => {
      settleRefresh(database, journal.id, journalOutcomeOf(outcome), answeredAt);
      recordTokenCall(database, { at: answeredAt, companyId: request.companyId, grantType: 'refresh_token', outcome, sentHash });
    });
    return { kind: 'transient', tokenSet: current, outcome };
  } finally {
    held.lease.release();
  }
}

/** Whether the stored set may be handed back instead of refreshing: only a set that really is fresh. */
function mayServe(current: TokenSet, need: RefreshNeed, now: number): boolean {
  const fresh = current.accessExpiresAt - now >= need.minimumValidityMs;
  switch (need.kind) {
    case 'if_stale':
      return fresh;
    case 'force':
      return fresh && need.observedGeneration !== undefined && current.generation > need.observedGeneration;
  }
}

/**
 * A transient answer's journal entry: only an answer that never came back (a timeout, a cut
 * connection, an unreadable 200) may have been acted on unseen. Intuit's own 5xx or 429 is an
 * answer, and it did not hand out tokens.
 */
function journalOutcomeOf(outcome: Extract<TokenOutcome, { kind: 'transient' }>): Exclude<RefreshOutcome, 'sent'> {
  switch (outcome.reason) {
    case 'server_error':
    case 'throttled':
    case 'unreachable':
      return 'failed';
    case 'timeout':
    case 'connection_lost':
    case 'malformed_response':
      return outcome.maybeApplied ? 'unknown' : 'failed';
  }
}

/**
 * The database writes after the keychain holds the new set. A locked or full database here must
 * not turn a refresh that worked into a failure: the keychain has the truth, and the next read
 * brings the database's copy up to it.
 */
function afterKeychain(dependencies: RefreshOnceDependencies, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (!isStorageError(error)) throw error;
    dependencies.onDatabaseBehind?.(error);
  }
}
