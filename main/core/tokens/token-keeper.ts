import type { Cause } from '../diagnosis/causes';
import { deadTokenCause } from '../diagnosis/dead-token';
import { EngineError } from '../engine/engine-error';
import type { Fetch } from '../intuit/send-token-request';
import { isKeychainError } from '../keychain/keychain-error';
import { defaultBackoff, retryDelayMs, type BackoffPolicy } from '../scheduler/retry-backoff';
import type { LeaseRecord } from '../storage/company-lease';
import { readCompanyHealth, recordCompanyRetry, recordCompanyVerified } from '../storage/company-health';
import { getCompany, setCompanyStatus, type Company } from '../storage/company-repository';
import { appendEvent } from '../storage/event-log';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import { clearRefusals, companiesToRecheck, setRecheckAfterOutage } from '../storage/intuit-refusals';
import type { SqliteDatabase } from '../storage/sqlite';
import { isStorageError } from '../storage/storage-error';
import { confirmRefusal } from './confirm-refusal';
import { LeaseHolderIdentity, defaultLeaseTiming, type LeaseTiming } from './refresh-lease';
import { refreshOnce, type RefreshEndpoint, type RefreshNeed, type RefreshOnceResult } from './refresh-once';
import type { AccessTokenResult, RefreshResult, RetryReason } from './refresh-result';
import type { PendingSave } from './save-token-set';
import { settingsFailureReason } from './settings-failure-reason';
import { reconcileStores } from './reconcile-stores';
import type { TokenSet } from './token-set';
import type { TokenVault } from './token-vault';

/** What the keeper tells the shells (notifications, tray, dashboard). */
export type KeeperEvent =
  | { readonly kind: 'needs_reconnect'; readonly companyId: string; readonly companyName: string; readonly cause: Cause }
  | { readonly kind: 'recovered'; readonly companyId: string; readonly companyName: string }
  | { readonly kind: 'outage_suspected'; readonly environment: IntuitEnvironment; readonly companyIds: readonly string[] }
  | { readonly kind: 'configuration_rejected'; readonly environment: IntuitEnvironment }
  /** Intuit issued new keys that the keychain will not take yet: held in memory, retried. */
  | { readonly kind: 'keychain_save_pending'; readonly companyId: string; readonly companyName: string; readonly failures: number; readonly detail: string }
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
  /** Waits between keychain writes of a set Intuit issued while the keychain refuses it. */
  readonly saveRetryDelaysMs?: readonly number[];
}

export interface RefreshOptions {
  /** Refresh even when the access token is still good (keep-alive, "refresh now"). */
  readonly force: boolean;
  /**
   * Intuit's Disconnect URL named this company just now. A refusal the engine cannot otherwise
   * confirm is then taken as the revocation it announces, marked to be checked again once Intuit
   * answers for anyone: a notice can be forged, and one may arrive during an outage.
   */
  readonly disconnectNoticed?: boolean;
}

/** An access token handed out is good for at least this long. */
export const minimumAccessValidityMs = 5 * 60_000;
const defaultRequestTimeoutMs = 20_000;
const defaultConfirmDelayMs = 2_000;
const defaultOutageToleranceMs = 4 * 60 * 60_000;
const outageWindowMs = 15 * 60_000;

type AttemptResult = RefreshOnceResult | { readonly kind: 'keychain_error'; readonly detail: string } | { readonly kind: 'database_error'; readonly detail: string };

/**
 * Keeps every company's tokens: hands out access tokens from memory, refreshes through the
 * cross-process lease, and believes an `invalid_grant` only after confirming it.
 */
export class TokenKeeper {
  private readonly cache = new Map<string, TokenSet>();
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();
  readonly leases: LeaseHolderIdentity;
  private readonly leaseOwner: string;

  constructor(private readonly dependencies: TokenKeeperDependencies) {
    this.leases = new LeaseHolderIdentity(dependencies.database);
    this.leaseOwner = this.leases.newOwner();
  }

  async getAccessToken(companyId: string): Promise<AccessTokenResult> {
    const company = getCompany(this.dependencies.database, companyId);
    if (company === undefined) return { kind: 'unknown_company' };
    if (company.status === 'needs_reconnect') return { kind: 'needs_reconnect', cause: (company.cause ?? 'revoked') as Cause };
    let usable: TokenSet | undefined;
    try {
      usable = await this.usableTokenSet(company);
    } catch (error) {
      if (isKeychainError(error)) return this.retryLater(company, 'keychain', error.message);
      throw error;
    }
    if (usable !== undefined) return { kind: 'token', accessToken: usable.accessToken, expiresAt: usable.accessExpiresAt };
    const result = await this.refresh(companyId, { force: false });
    if (result.kind !== 'refreshed' && result.kind !== 'already_fresh') return result;
    const tokenSet = this.cache.get(companyId);
    // Never hand out a token that is not good for the promised time, whatever the refresh said.
    if (tokenSet === undefined || tokenSet.accessExpiresAt - this.dependencies.now() < minimumAccessValidityMs) {
      return { kind: 'retrying', reason: 'intuit_error', retryAt: this.dependencies.now(), detail: 'Intuit answered with an access token that is about to expire' };
    }
    return { kind: 'token', accessToken: tokenSet.accessToken, expiresAt: tokenSet.accessExpiresAt };
  }

  /** One refresh per company at a time in this process; the lease covers the other processes. */
  refresh(companyId: string, options: RefreshOptions): Promise<RefreshResult> {
    const running = this.inFlight.get(companyId);
    if (running !== undefined) return running;
    if (this.closing.signal.aborted) return Promise.resolve({ kind: 'retrying', reason: 'busy', retryAt: this.dependencies.now(), detail: 'Realmkeeper is closing' });
    const started = this.refreshAndConfirm(companyId, options).finally(() => this.inFlight.delete(companyId));
    this.inFlight.set(companyId, started);
    return started;
  }

  /**
   * Runs `work` holding the company's lease (disconnecting, saving a reconnected company's new
   * set), so no refresh of this company runs beside it in any process. Throws a LeaseBusyError
   * when a live process keeps it past the wait.
   */
  async underLease<T>(companyId: string, work: () => Promise<T>, waitMs?: number): Promise<T> {
    const timing = waitMs === undefined ? this.leaseTiming() : { ...this.leaseTiming(), waitMs };
    // An owner of its own: the lease is re-entrant for one owner, and this must wait for this
    // keeper's own refresh of the company as much as for another process's.
    const held = await this.leases.hold(companyId, this.leases.newOwner(), timing, this.dependencies.now);
    if (held.kind === 'busy') throw new LeaseBusyError(held.holder, this.dependencies.now());
    if (held.kind === 'gone') throw new EngineError('unknown_company', 'This company was disconnected meanwhile.');
    try {
      return await work();
    } finally {
      held.lease.release();
      this.cache.delete(companyId);
    }
  }

  /** Forget what is cached for a company (it was disconnected or reconnected elsewhere). */
  forget(companyId: string): void {
    this.cache.delete(companyId);
  }

  /**
   * Stops taking new refreshes and waits for those under way, so an answer Intuit already sent
   * reaches the keychain before the process ends. A keychain that never takes it is given
   * `drainMs`; then the retries stop and the loss is logged.
   */
  async close(drainMs = 60_000): Promise<void> {
    const pending = [...this.inFlight.values(), ...this.background];
    const drained = Promise.allSettled(pending);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, drainMs);
      timer.unref();
    });
    await Promise.race([drained, deadline]);
    clearTimeout(timer);
    this.closing.abort();
    await drained;
    this.leases.close();
  }

  private leaseTiming(): LeaseTiming {
    return this.dependencies.leaseTiming ?? defaultLeaseTiming;
  }

  /** The cached set while SQLite's generation has not passed it; otherwise a fresh keychain read. */
  private async usableTokenSet(company: Company): Promise<TokenSet | undefined> {
    let tokenSet = this.cache.get(company.id);
    if (tokenSet === undefined || tokenSet.generation < company.tokenGeneration) {
      tokenSet = await this.dependencies.vault.read(company.id);
      if (tokenSet === undefined) return undefined;
      this.cache.set(company.id, tokenSet);
      this.catchUpForward(company, tokenSet);
    }
    return tokenSet.accessExpiresAt - this.dependencies.now() >= minimumAccessValidityMs ? tokenSet : undefined;
  }

  /** Without the lease SQLite's copy may only move forward to the keychain's set. */
  private catchUpForward(company: Company, tokenSet: TokenSet): void {
    if (tokenSet.generation <= company.tokenGeneration) return;
    try {
      reconcileStores(this.dependencies.database, company.id, tokenSet, this.dependencies.now(), { mayGoBack: false });
    } catch (error) {
      if (!isStorageError(error)) throw error;
    }
  }

  private async refreshAndConfirm(companyId: string, options: RefreshOptions): Promise<RefreshResult> {
    const company = getCompany(this.dependencies.database, companyId);
    if (company === undefined) return { kind: 'unknown_company' };
    // A flagged company may be asked again (a re-check after an outage, "refresh now"), unless
    // the engine's own records say its token is dead: sending it again would only be refused.
    const dead = deadTokenCause(company);
    if (dead !== undefined) return { kind: 'needs_reconnect', cause: dead };
    let endpoint: RefreshEndpoint;
    try {
      endpoint = await this.dependencies.resolveEndpoint(company.environment);
    } catch (error) {
      return this.retryLater(company, settingsFailureReason(error), error instanceof Error ? error.message : 'The Intuit settings are incomplete');
    }
    let need: RefreshNeed;
    if (options.force) {
      // What the caller knew when it asked, read from the keychain (SQLite's copy may lag):
      // only a set newer than this one may stand in for the refresh that was asked for.
      let observed: TokenSet | undefined;
      try {
        observed = await this.dependencies.vault.read(companyId);
      } catch (error) {
        if (!isKeychainError(error)) throw error;
        return this.retryLater(company, 'keychain', error.message);
      }
      need = { kind: 'force', observedGeneration: observed?.generation, minimumValidityMs: minimumAccessValidityMs };
    } else {
      need = { kind: 'if_stale', minimumValidityMs: minimumAccessValidityMs };
    }
    const first = await this.attempt(company, endpoint, need);
    if (first.kind !== 'rejected' || first.outcome.error !== 'invalid_grant') return this.settle(company, first);
    return confirmRefusal(
      {
        database: this.dependencies.database,
        now: this.dependencies.now,
        confirmDelayMs: this.dependencies.confirmDelayMs ?? defaultConfirmDelayMs,
        outageToleranceMs: this.dependencies.outageToleranceMs ?? defaultOutageToleranceMs,
        outageWindowMs,
        requestTimeoutMs: this.dependencies.requestTimeoutMs ?? defaultRequestTimeoutMs,
        fetch: this.dependencies.fetch,
        disconnectNoticed: options.disconnectNoticed === true,
        attempt: (target, need, owner) => this.attempt(target, endpoint, need, owner),
        newOwner: () => this.leases.newOwner(),
        settle: (target, result) => this.settle(target, result),
        retryLater: (target, reason, detail) => this.retryLater(target, reason, detail),
        flag: (target, cause, options) => this.flagNeedsReconnect(target, cause, options),
        suspectOutage: (target, others) => this.suspectOutage(target, others),
      },
      company,
      endpoint,
      first,
    );
  }

  private async attempt(company: Company, endpoint: RefreshEndpoint, need: RefreshNeed, leaseOwner = this.leaseOwner): Promise<AttemptResult> {
    const first = await this.attemptOnce(company, endpoint, need, leaseOwner);
    const { keychainAnswers } = this.dependencies;
    if (first.kind !== 'no_tokens' || keychainAnswers === undefined) return first;
    // A locked Secret Service answers reads with "no entry", and it can be unlocked between that read
    // and a probe. So a missing entry is the company's problem only when a read made after the
    // keychain answered a probe misses it too, and the keychain still answers after that read.
    const locked: AttemptResult = { kind: 'keychain_error', detail: 'The system keychain is locked or not answering, so the keys could not be read' };
    if (!(await keychainAnswers())) return locked;
    const second = await this.attemptOnce(company, endpoint, need, leaseOwner);
    if (second.kind !== 'no_tokens') return second;
    return (await keychainAnswers()) ? second : locked;
  }

  private async attemptOnce(company: Company, endpoint: RefreshEndpoint, need: RefreshNeed, leaseOwner: string): Promise<AttemptResult> {
    try {
      return await refreshOnce(
        {
          database: this.dependencies.database,
          vault: this.dependencies.vault,
          now: this.dependencies.now,
          leases: this.leases,
          leaseOwner,
          leaseTiming: this.leaseTiming(),
          requestTimeoutMs: this.dependencies.requestTimeoutMs ?? defaultRequestTimeoutMs,
          fetch: this.dependencies.fetch,
          save: {
            retryDelaysMs: this.dependencies.saveRetryDelaysMs,
            signal: this.closing.signal,
            onPending: (pending) => this.savePending(company, pending),
          },
        },
        { companyId: company.id, endpoint, need },
      );
    } catch (error) {
      // A locked or missing keychain, or a busy database, is the machine's problem, never the company's.
      if (isKeychainError(error)) return { kind: 'keychain_error', detail: error.message };
      if (isStorageError(error)) return { kind: 'database_error', detail: error.message };
      throw error;
    }
  }

  private savePending(company: Company, pending: PendingSave): void {
    const { database, now } = this.dependencies;
    const message =
      `Intuit gave ${company.name} new keys, but the system keychain will not take them (${pending.code}). ` +
      'Realmkeeper holds them in memory and keeps trying: unlock the keychain now. If Realmkeeper is closed before it can save them, ' +
      `${company.name} will need reconnecting.`;
    if (pending.failures === 1) {
      try {
        appendEvent(database, { at: now(), companyId: company.id, kind: 'keychain_save_pending', outcome: 'retrying', cause: 'keychain_unavailable', message });
      } catch (error) {
        if (!isStorageError(error)) throw error;
      }
    }
    this.emit({ kind: 'keychain_save_pending', companyId: company.id, companyName: company.name, failures: pending.failures, detail: message });
  }

  private suspectOutage(company: Company, othersRefused: readonly string[]): RefreshResult {
    const { database, now } = this.dependencies;
    const result = this.retryLater(company, 'outage', 'Intuit refused this connection and others of the same kind at once: a possible Intuit outage');
    appendEvent(database, {
      at: now(),
      companyId: company.id,
      kind: 'outage_suspected',
      outcome: 'retrying',
      cause: 'outage',
      message: `Possible Intuit outage: Intuit refused ${company.name} and other ${company.environment} companies. Realmkeeper keeps retrying.`,
    });
    this.emit({ kind: 'outage_suspected', environment: company.environment, companyIds: [company.id, ...othersRefused] });
    return result;
  }

  private flagNeedsReconnect(company: Company, cause: Cause, options: { readonly recheckAfterOutage: boolean } = { recheckAfterOutage: false }): RefreshResult {
    const { database, now } = this.dependencies;
    setCompanyStatus(database, company.id, 'needs_reconnect', cause, now());
    setRecheckAfterOutage(database, company.id, options.recheckAfterOutage);
    this.cache.delete(company.id);
    appendEvent(database, { at: now(), companyId: company.id, kind: 'needs_reconnect', outcome: 'needs_reconnect', cause, message: `${company.name} needs reconnecting` });
    this.emit({ kind: 'needs_reconnect', companyId: company.id, companyName: company.name, cause });
    this.emit({ kind: 'company_changed', companyId: company.id });
    return { kind: 'needs_reconnect', cause };
  }

  private settle(company: Company, result: AttemptResult): RefreshResult {
    const { database, now } = this.dependencies;
    switch (result.kind) {
      case 'refreshed':
      case 'already_fresh': {
        this.cache.set(company.id, result.tokenSet);
        // The keychain holds the new set: a database that refuses these notes only delays them.
        // A refresh recorded the company verified in its own transaction.
        if (result.kind === 'already_fresh') bestEffort(() => recordCompanyVerified(database, company.id, now()));
        if (company.status === 'needs_reconnect') {
          bestEffort(() => {
            setCompanyStatus(database, company.id, 'connected', null, now());
            setRecheckAfterOutage(database, company.id, false);
          });
          this.emit({ kind: 'recovered', companyId: company.id, companyName: company.name });
        }
        if (result.kind === 'refreshed') bestEffort(() => this.intuitAnswered(company.environment));
        this.emit({ kind: 'company_changed', companyId: company.id });
        return { kind: result.kind, accessExpiresAt: result.tokenSet.accessExpiresAt, refreshExpiresAt: result.tokenSet.refreshExpiresAt };
      }
      case 'company_gone':
        return { kind: 'unknown_company' };
      case 'flagged':
        return { kind: 'needs_reconnect', cause: result.cause };
      case 'no_tokens':
        return this.flagNeedsReconnect(company, 'tokens_missing');
      case 'resend_spent':
        return this.flagNeedsReconnect(company, 'answer_lost');
      case 'lease_busy':
        return this.retryLater(company, 'busy', describeBusyHolder(company, result.holder, now()));
      case 'keychain_error':
        return this.retryLater(company, 'keychain', result.detail);
      case 'database_error':
        return this.retryLater(company, 'database', result.detail);
      case 'transient': {
        const { outcome } = result;
        const reason: RetryReason = outcome.reason === 'throttled' ? 'throttled' : outcome.reason === 'unreachable' ? 'network' : 'intuit_error';
        return this.retryLater(company, reason, outcome.detail, (outcome.retryAfterSeconds ?? 0) * 1000);
      }
      case 'rejected':
        if (result.outcome.error === 'invalid_client') {
          appendEvent(database, { at: now(), companyId: company.id, kind: 'configuration_rejected', outcome: 'rejected', cause: 'invalid_client', intuitError: 'invalid_client', message: 'Intuit did not accept the app keys' });
          this.emit({ kind: 'configuration_rejected', environment: company.environment });
          return this.retryLater(company, 'configuration', 'Intuit did not accept the client id or secret');
        }
        return this.retryLater(company, 'intuit_error', `Intuit answered ${result.outcome.error}`);
    }
  }

  /**
   * Intuit accepted a refresh: refusals seen in this environment were not an outage, and any
   * company flagged while one was suspected is checked again now, in the background. Its mark
   * stays until the re-check decides (recovered, or flagged again with or without it): a process
   * killed in between leaves it for the next answer from Intuit, in whichever process.
   */
  private intuitAnswered(environment: IntuitEnvironment): void {
    const { database } = this.dependencies;
    clearRefusals(database, environment);
    for (const companyId of companiesToRecheck(database, environment)) {
      if (deadTokenCause(getCompany(database, companyId)) !== undefined) {
        // Its token may never be sent again: there is nothing to check.
        setRecheckAfterOutage(database, companyId, false);
        continue;
      }
      // One at a time per company here: refresh() joins a re-check already under way.
      const recheck = this.refresh(companyId, { force: true }).catch(() => undefined);
      this.background.add(recheck);
      void recheck.finally(() => this.background.delete(recheck));
    }
  }

  private retryLater(company: Company, reason: RetryReason, detail: string, floorMs = 0): Extract<RefreshResult, { kind: 'retrying' }> {
    const { database, now } = this.dependencies;
    const failures = readCompanyHealth(database, company.id)?.failureCount ?? 0;
    const retryAt = now() + retryDelayMs(failures, this.dependencies.backoff ?? defaultBackoff, this.dependencies.random ?? Math.random, floorMs);
    try {
      recordCompanyRetry(database, company.id, reason, retryAt, now());
    } catch (error) {
      // The database itself may be what failed; the caller still hears why.
      if (!isStorageError(error)) throw error;
    }
    this.emit({ kind: 'company_changed', companyId: company.id });
    return { kind: 'retrying', reason, retryAt, detail };
  }

  /** Listeners are isolated: one that throws cannot leave the keeper half way through an update. */
  private emit(event: KeeperEvent): void {
    try {
      this.dependencies.onEvent?.(event);
    } catch {
      // The engine's own emitter isolates and logs each listener; this guards any other.
    }
  }
}

/** Runs a database write whose failure (locked, full) must not undo what already succeeded. */
function bestEffort(write: () => void): void {
  try {
    write();
  } catch (error) {
    if (!isStorageError(error)) throw error;
  }
}

/** A live process holds a company's lease longer than anyone waits: said, never taken from it. */
export class LeaseBusyError extends Error {
  override readonly name = 'LeaseBusyError';
  readonly code = 'lease_busy';
  constructor(
    readonly holder: LeaseRecord,
    now: number,
  ) {
    super(describeBusyHolder(undefined, holder, now));
  }
}

function describeBusyHolder(company: Company | undefined, holder: LeaseRecord, now: number): string {
  const who = holder.holderPid === null ? 'Another Realmkeeper process' : `Another Realmkeeper process (pid ${holder.holderPid})`;
  const what = company === undefined ? 'this company' : company.name;
  const minutes = holder.heldSince === null ? undefined : Math.max(0, Math.round((now - holder.heldSince) / 60_000));
  const since = minutes === undefined ? '' : minutes < 1 ? ' for less than a minute' : ` for ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return (
    `${who} has been refreshing ${what}${since} and is still running; it may be paused or stuck. ` +
    'Realmkeeper never takes a refresh away from a running process: close that process (or let it finish) and try again.'
  );
}
