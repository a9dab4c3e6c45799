import { recordTokenCall } from '../events/record-token-call';
import type { ClientCredentials } from '../intuit/client-credentials';
import { sendTokenRequest, type Fetch } from '../intuit/send-token-request';
import { buildRefreshRequest } from '../intuit/token-request';
import type { TokenOutcome } from '../intuit/token-response';
import { recordCompanyTokenTimes } from '../storage/company-repository';
import { hashSecret } from '../storage/hash-secret';
import { recordRefreshSent, settleRefresh } from '../storage/refresh-journal';
import type { SqliteDatabase } from '../storage/sqlite';
import { holdRefreshLease, type LeaseTiming } from './refresh-lease';
import { companyTimesOf, tokenSetAfterRefresh, type TokenSet } from './token-set';
import type { TokenVault } from './token-vault';

export interface RefreshEndpoint {
  readonly tokenEndpoint: string;
  readonly credentials: ClientCredentials;
}

export interface RefreshOnceDependencies {
  readonly database: SqliteDatabase;
  readonly vault: TokenVault;
  readonly now: () => number;
  readonly leaseOwner: string;
  readonly leaseTiming: LeaseTiming;
  readonly requestTimeoutMs: number;
  readonly fetch?: Fetch;
}

export interface RefreshOnceRequest {
  readonly companyId: string;
  readonly endpoint: RefreshEndpoint;
  /**
   * Skip the request when, after taking the lease, the stored set is newer than this generation
   * (another process just refreshed) or its access token is still good for `minimumValidityMs`.
   */
  readonly skipIfNewerThan: number | undefined;
  readonly minimumValidityMs: number | undefined;
  /** Send the previous refresh token instead of the current one (a confirmation retry). */
  readonly usePreviousToken?: boolean;
}

export type RefreshOnceResult =
  | { readonly kind: 'refreshed'; readonly tokenSet: TokenSet; readonly intuitTid: string | undefined }
  | { readonly kind: 'already_fresh'; readonly tokenSet: TokenSet }
  | { readonly kind: 'rejected'; readonly tokenSet: TokenSet; readonly sentHash: string; readonly outcome: Extract<TokenOutcome, { kind: 'rejected' }> }
  | { readonly kind: 'transient'; readonly tokenSet: TokenSet; readonly outcome: Extract<TokenOutcome, { kind: 'transient' }> }
  | { readonly kind: 'lease_busy' }
  | { readonly kind: 'no_tokens' };

/**
 * One refresh under the company's lease: take the lease, re-read the token set (another process
 * may have just refreshed), journal, send, and save whatever came back to the keychain before the
 * lease is released or anyone sees the new access token.
 */
export async function refreshOnce(dependencies: RefreshOnceDependencies, request: RefreshOnceRequest): Promise<RefreshOnceResult> {
  const { database, vault, now } = dependencies;
  const lease = await holdRefreshLease(database, request.companyId, dependencies.leaseOwner, dependencies.leaseTiming, now);
  if (lease === undefined) return { kind: 'lease_busy' };
  try {
    const current = await vault.read(request.companyId);
    if (current === undefined) return { kind: 'no_tokens' };
    if (request.skipIfNewerThan !== undefined && current.generation > request.skipIfNewerThan) {
      return { kind: 'already_fresh', tokenSet: current };
    }
    if (request.minimumValidityMs !== undefined && current.accessExpiresAt - now() >= request.minimumValidityMs) {
      return { kind: 'already_fresh', tokenSet: current };
    }
    const refreshToken = request.usePreviousToken === true && current.previousRefreshToken !== null ? current.previousRefreshToken : current.refreshToken;
    const sentHash = hashSecret(refreshToken);
    const journal = recordRefreshSent(
      database,
      { companyId: request.companyId, leaseGeneration: lease.generation, tokenGeneration: current.generation, refreshTokenHash: sentHash },
      now(),
    );
    const outcome = await sendTokenRequest(buildRefreshRequest(request.endpoint.tokenEndpoint, request.endpoint.credentials, refreshToken), {
      fetch: dependencies.fetch,
      timeoutMs: dependencies.requestTimeoutMs,
    });
    const answeredAt = now();
    if (outcome.kind === 'issued') {
      const next = tokenSetAfterRefresh(current, outcome.tokens, answeredAt);
      // The keychain first: until this write lands, the new refresh token exists nowhere else.
      await vault.write(request.companyId, next);
      settleRefresh(database, journal.id, 'succeeded', answeredAt);
      recordCompanyTokenTimes(database, request.companyId, companyTimesOf(next, answeredAt), answeredAt);
      recordTokenCall(database, { at: answeredAt, companyId: request.companyId, grantType: 'refresh_token', outcome, sentHash });
      return { kind: 'refreshed', tokenSet: next, intuitTid: outcome.intuitTid };
    }
    if (outcome.kind === 'rejected') {
      settleRefresh(database, journal.id, 'rejected', answeredAt);
      recordTokenCall(database, {
        at: answeredAt,
        companyId: request.companyId,
        grantType: 'refresh_token',
        outcome,
        sentHash,
        message: outcome.error === 'invalid_grant' ? 'Intuit refused the refresh; Realmkeeper is checking why' : undefined,
      });
      return { kind: 'rejected', tokenSet: current, sentHash, outcome };
    }
    settleRefresh(database, journal.id, outcome.maybeApplied ? 'unknown' : 'failed', answeredAt);
    recordTokenCall(database, { at: answeredAt, companyId: request.companyId, grantType: 'refresh_token', outcome, sentHash });
    return { kind: 'transient', tokenSet: current, outcome };
  } finally {
    lease.release();
  }
}
