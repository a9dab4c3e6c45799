import { setTimeout as sleep } from 'node:timers/promises';
import type { Cause } from '../diagnosis/causes';
import { diagnoseRefreshRejection } from '../diagnosis/diagnose-refresh-rejection';
import type { Fetch } from '../intuit/send-token-request';
import { defaultBackoff, retryDelayMs, type BackoffPolicy } from '../scheduler/retry-backoff';
import { readCompanyHealth, recordCompanyRetry, recordCompanyVerified } from '../storage/company-health';
import { getCompany, listCompanies, setCompanyStatus, type Company } from '../storage/company-repository';
import { appendEvent } from '../storage/event-log';
import { secretFingerprint } from '../storage/hash-secret';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import { listRefreshJournal } from '../storage/refresh-journal';
import type { SqliteDatabase } from '../storage/sqlite';
import { OutageWatch } from './outage-watch';
import { settingsFailureReason } from './settings-failure-reason';
import { defaultLeaseTiming, newLeaseOwner, type LeaseTiming } from './refresh-lease';
import { refreshOnce, type RefreshEndpoint, type RefreshOnceResult } from './refresh-once';
import type { AccessTokenResult, RefreshResult, RetryReason } from './refresh-result';
import type { TokenSet } from './token-set';
import type { TokenVault } from './token-vault';

/** What the keeper tells the shells (notifications, tray, dashboard). */
export type KeeperEvent =
  | { readonly kind: 'needs_reconnect'; readonly companyId: string; readonly companyName: string; readonly cause: Cause }
  | { readonly kind: 'recovered'; readonly companyId: string; readonly companyName: string }
  | { readonly kind: 'outage_suspected'; readonly environment: IntuitEnvironment; readonly companyIds: readonly string[] }
  | { readonly kind: 'configuration_rejected'; readonly environment: IntuitEnvironment }
  | { readonly kind: 'company_changed'; readonly companyId: string };

export interface TokenKeeperDependencies {
  readonly database: SqliteDatabase;
  readonly vault: TokenVault;
  readonly now: () => number;
  readonly resolveEndpoint: (environment: IntuitEnvironment) => Promise<RefreshEndpoint>;
  readonly requestTimeoutMs?: number;
  readonly leaseTiming?: LeaseTiming;
  readonly fetch?: Fetch;
  /** The short wait before retrying an `invalid_grant` once. */
  readonly confirmDelayMs?: number;
  /** How long a suspected outage may last before the companies are flagged anyway. */
  readonly outageToleranceMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly onEvent?: (event: KeeperEvent) => void;
  /** Whether the keychain answers a write-read-delete probe; asked before blaming a missing entry. */
  readonly keychainAnswers?: () => Promise<boolean>;
}

export interface RefreshOptions {
  /** Refresh even when the access token is still good (keep-alive, "refresh now"). */
  readonly force: boolean;
}

/** An access token handed out is good for at least this long. */
export const minimumAccessValidityMs = 5 * 60_000;
const defaultRequestTimeoutMs = 20_000;
const defaultConfirmDelayMs = 2_000;
const defaultOutageToleranceMs = 4 * 60 * 60_000;
const outageWindowMs = 15 * 60_000;

/**
 * Keeps every company's tokens: hands out access tokens from memory, refreshes through the
 * cross-process lease, and believes an `invalid_grant` only after confirming it.
 */
export class TokenKeeper {
  private readonly cache = new Map<string, TokenSet>();
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  private readonly outageWatch = new OutageWatch(outageWindowMs);
  private readonly leaseOwner = newLeaseOwner();

  constructor(private readonly dependencies: TokenKeeperDependencies) {}

  async getAccessToken(companyId: string): Promise<AccessTokenResult> {
    const company = getCompany(this.dependencies.database, companyId);
    if (company === undefined) return { kind: 'unknown_company' };
    if (company.status === 'needs_reconnect') return { kind: 'needs_reconnect', cause: (company.cause ?? 'revoked') as Cause };
    const usable = await this.usableTokenSet(company);
    if (usable !== undefined) return { kind: 'token', accessToken: usable.accessToken, expiresAt: usable.accessExpiresAt };
    const result = await this.refresh(companyId, { force: false });
    if (result.kind !== 'refreshed' && result.kind !== 'already_fresh') return result;
    const tokenSet = this.cache.get(companyId);
    if (tokenSet === undefined) return { kind: 'retrying', reason: 'keychain', retryAt: this.dependencies.now(), detail: 'The keychain did not return the new token' };
    return { kind: 'token', accessToken: tokenSet.accessToken, expiresAt: tokenSet.accessExpiresAt };
  }

  /** One refresh per company at a time in this process; the lease covers the other processes. */
  refresh(companyId: string, options: RefreshOptions): Promise<RefreshResult> {
    const running = this.inFlight.get(companyId);
    if (running !== undefined) return running;
    const started = this.refreshAndConfirm(companyId, options).finally(() => this.inFlight.delete(companyId));
    this.inFlight.set(companyId, started);
    return started;
  }

  /** Forget what is cached for a company (it was disconnected or reconnected elsewhere). */
  forget(companyId: string): void {
    this.cache.delete(companyId);
  }

  /** The cached set while SQLite's generation has not moved; otherwise a fresh read. */
  private async usableTokenSet(company: Company): Promise<TokenSet | undefined> {
    let tokenSet = this.cache.get(company.id);
    if (tokenSet === undefined || tokenSet.generation !== company.tokenGeneration) {
      tokenSet = await this.dependencies.vault.read(company.id);
      if (tokenSet === undefined) return undefined;
      this.cache.set(company.id, tokenSet);
    }
    return tokenSet.accessExpiresAt - this.dependencies.now() >= minimumAccessValidityMs ? tokenSet : undefined;
  }

  private async refreshAndConfirm(companyId: string, options: RefreshOptions): Promise<RefreshResult> {
    const { database } = this.dependencies;
    const company = getCompany(database, companyId);
    if (company === undefined) return { kind: 'unknown_company' };
    let endpoint: RefreshEndpoint;
    try {
      endpoint = await this.dependencies.resolveEndpoint(company.environment);
    } catch (error) {
      return this.retryLater(company, settingsFailureReason(error), error instanceof Error ? error.message : 'The Intuit settings are incomplete');
    }
    const first = await this.attempt(company, endpoint, {
      skipIfNewerThan: company.tokenGeneration,
      minimumValidityMs: options.force ? undefined : minimumAccessValidityMs,
    });
    if (first.kind !== 'rejected' || first.outcome.error !== 'invalid_grant') return this.settle(company, first);
    return this.confirmInvalidGrant(company, endpoint, first);
  }

  private async attempt(
    company: Company,
    endpoint: RefreshEndpoint,
    request: { skipIfNewerThan: number | undefined; minimumValidityMs: number | undefined; usePreviousToken?: boolean },
    leaseOwner = this.leaseOwner,
  ): Promise<RefreshOnceResult | { kind: 'keychain_error'; detail: string }> {
    let result: RefreshOnceResult;
    try {
      result = await refreshOnce(
        {
          database: this.dependencies.database,
          vault: this.dependencies.vault,
          now: this.dependencies.now,
          leaseOwner,
          leaseTiming: this.dependencies.leaseTiming ?? defaultLeaseTiming,
          requestTimeoutMs: this.dependencies.requestTimeoutMs ?? defaultRequestTimeoutMs,
          fetch: this.dependencies.fetch,
        },
        { companyId: company.id, endpoint, ...request },
      );
    } catch (error) {
      // A locked or missing keychain is the machine's problem, never the company's.
      return { kind: 'keychain_error', detail: error instanceof Error ? error.message : 'The keychain failed' };
    }
    // A locked Secret Service answers reads with "no entry": only a keychain that answers a probe
    // may make a missing entry the company's problem.
    if (result.kind === 'no_tokens' && this.dependencies.keychainAnswers !== undefined && !(await this.dependencies.keychainAnswers())) {
      return { kind: 'keychain_error', detail: 'The system keychain is locked or not answering, so the keys could not be read' };
    }
    return result;
  }

  /**
   * Intuit's `invalid_grant` is not proof: re-read and retry once (with the previous refresh
   * token when one is kept), then look for an outage — other companies of the environment
   * refused too, or a healthy one refused when probed — before flagging the company.
   */
  private async confirmInvalidGrant(
    company: Company,
    endpoint: RefreshEndpoint,
    first: Extract<RefreshOnceResult, { kind: 'rejected' }>,
  ): Promise<RefreshResult> {
    const { now } = this.dependencies;
    await sleep(this.dependencies.confirmDelayMs ?? defaultConfirmDelayMs);
    const retry = await this.attempt(company, endpoint, {
      skipIfNewerThan: first.tokenSet.generation,
      minimumValidityMs: undefined,
      usePreviousToken: first.tokenSet.previousRefreshToken !== null,
    });
    if (retry.kind !== 'rejected' || retry.outcome.error !== 'invalid_grant') return this.settle(company, retry);

    const cause = diagnoseRefreshRejection({
      now: now(),
      tokenSet: retry.tokenSet,
      connectedWithClient: company.clientIdFingerprint,
      currentClient: secretFingerprint(endpoint.credentials.clientId),
      sentHash: first.sentHash,
      journal: listRefreshJournal(this.dependencies.database, company.id, 20),
    });
    // A refusal our own records fully explain (the token's horizon passed, other keys) is no
    // outage sign: after weeks switched off every company is refused at once, and rightly.
    if (explainedByOwnRecords(cause)) return this.flagNeedsReconnect(company, cause);
    this.outageWatch.recordRefusal(company.environment, company.id, now());
    const othersRefused = this.outageWatch.othersRefused(company.environment, company.id, now());
    const outageSuspected = othersRefused.length > 0 || (await this.probeRefused(company, endpoint));
    if (outageSuspected) {
      const failingSince = readCompanyHealth(this.dependencies.database, company.id)?.failingSince ?? now();
      if (now() - failingSince < (this.dependencies.outageToleranceMs ?? defaultOutageToleranceMs)) {
        return this.suspectOutage(company, othersRefused);
      }
    }
    return this.flagNeedsReconnect(company, cause);
  }

  /** Refreshes one healthy company of the same environment; true when Intuit refuses it too. */
  private async probeRefused(company: Company, endpoint: RefreshEndpoint): Promise<boolean> {
    const probe = listCompanies(this.dependencies.database)
      .filter((candidate) => candidate.id !== company.id && candidate.environment === company.environment && candidate.status === 'connected')
      .filter((candidate) => readCompanyHealth(this.dependencies.database, candidate.id)?.retryReason == null)
      // Only a token that should work says anything about Intuit when refused.
      .filter((candidate) => candidate.refreshExpiresAt === null || candidate.refreshExpiresAt > this.dependencies.now())
      .sort((left, right) => (right.lastRefreshAt ?? 0) - (left.lastRefreshAt ?? 0))[0];
    if (probe === undefined) return false;
    // The probe may meet a refresh of the same company already under way in this keeper. Its own
    // lease owner makes the lease serialize the two, and `skipIfNewerThan` turns a refresh that
    // just succeeded into the answer, so the probe company's token is never sent twice.
    const result = await this.attempt(
      probe,
      endpoint,
      { skipIfNewerThan: probe.tokenGeneration, minimumValidityMs: undefined },
      newLeaseOwner(),
    );
    if (result.kind === 'rejected' && result.outcome.error === 'invalid_grant') {
      this.outageWatch.recordRefusal(probe.environment, probe.id, this.dependencies.now());
      return true;
    }
    await this.settle(probe, result);
    return false;
  }

  private suspectOutage(company: Company, othersRefused: readonly string[]): RefreshResult {
    const { database, now } = this.dependencies;
    const result = this.retryLater(company, 'outage', 'Intuit refused several good connections at once: a possible Intuit outage');
    appendEvent(database, {
      at: now(),
      companyId: company.id,
      kind: 'outage_suspected',
      outcome: 'retrying',
      cause: 'outage',
      message: `Possible Intuit outage: Intuit refused ${company.name} and other ${company.environment} companies. Realmkeeper keeps retrying.`,
    });
    this.dependencies.onEvent?.({ kind: 'outage_suspected', environment: company.environment, companyIds: [company.id, ...othersRefused] });
    return result;
  }

  private flagNeedsReconnect(company: Company, cause: Cause): RefreshResult {
    const { database, now } = this.dependencies;
    setCompanyStatus(database, company.id, 'needs_reconnect', cause, now());
    this.cache.delete(company.id);
    appendEvent(database, { at: now(), companyId: company.id, kind: 'needs_reconnect', outcome: 'needs_reconnect', cause, message: `${company.name} needs reconnecting` });
    this.dependencies.onEvent?.({ kind: 'needs_reconnect', companyId: company.id, companyName: company.name, cause });
    this.dependencies.onEvent?.({ kind: 'company_changed', companyId: company.id });
    return { kind: 'needs_reconnect', cause };
  }

  private settle(company: Company, result: RefreshOnceResult | { kind: 'keychain_error'; detail: string }): RefreshResult {
    const { database, now } = this.dependencies;
    switch (result.kind) {
      case 'refreshed':
      case 'already_fresh': {
        this.cache.set(company.id, result.tokenSet);
        recordCompanyVerified(database, company.id, now());
        if (result.kind === 'refreshed') this.outageWatch.clear(company.environment);
        this.outageWatch.forget(company.environment, company.id);
        if (company.status === 'needs_reconnect') {
          setCompanyStatus(database, company.id, 'connected', null, now());
          this.dependencies.onEvent?.({ kind: 'recovered', companyId: company.id, companyName: company.name });
        }
        this.dependencies.onEvent?.({ kind: 'company_changed', companyId: company.id });
        return { kind: result.kind, accessExpiresAt: result.tokenSet.accessExpiresAt, refreshExpiresAt: result.tokenSet.refreshExpiresAt };
      }
      case 'no_tokens':
        return this.flagNeedsReconnect(company, 'tokens_missing');
      case 'lease_busy':
        return this.retryLater(company, 'busy', 'Another Realmkeeper process is refreshing this company');
      case 'keychain_error':
        return this.retryLater(company, 'keychain', result.detail);
      case 'transient': {
        const reason: RetryReason = result.outcome.reason === 'throttled' ? 'throttled' : result.outcome.reason === 'unreachable' ? 'network' : 'intuit_error';
        return this.retryLater(company, reason, result.outcome.detail, (result.outcome.retryAfterSeconds ?? 0) * 1000);
      }
      case 'rejected':
        if (result.outcome.error === 'invalid_client') {
          appendEvent(database, { at: now(), companyId: company.id, kind: 'configuration_rejected', outcome: 'rejected', cause: 'invalid_client', intuitError: 'invalid_client', message: 'Intuit did not accept the app keys' });
          this.dependencies.onEvent?.({ kind: 'configuration_rejected', environment: company.environment });
          return this.retryLater(company, 'configuration', 'Intuit did not accept the client id or secret');
        }
        return this.retryLater(company, 'intuit_error', `Intuit answered ${result.outcome.error}`);
    }
  }

  private retryLater(company: Company, reason: RetryReason, detail: string, floorMs = 0): RefreshResult {
    const { database, now } = this.dependencies;
    const failures = readCompanyHealth(database, company.id)?.failureCount ?? 0;
    const retryAt = now() + retryDelayMs(failures, this.dependencies.backoff ?? defaultBackoff, this.dependencies.random ?? Math.random, floorMs);
    recordCompanyRetry(database, company.id, reason, retryAt, now());
    this.dependencies.onEvent?.({ kind: 'company_changed', companyId: company.id });
    return { kind: 'retrying', reason, retryAt, detail };
  }
}

/** Causes read from the engine's own records and clock, which an outage cannot produce. */
function explainedByOwnRecords(cause: Cause): boolean {
  return cause === 'expired_refresh_token' || cause === 'hard_cap_expired' || cause === 'wrong_environment';
}
