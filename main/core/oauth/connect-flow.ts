import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Cause } from '../diagnosis/causes';
import { recordTokenCall } from '../events/record-token-call';
import type { ClientCredentials } from '../intuit/client-credentials';
import { fetchCompanyInfo } from '../intuit/company-info';
import { sendTokenRequest, type Fetch } from '../intuit/send-token-request';
import { buildCodeExchangeRequest } from '../intuit/token-request';
import type { IssuedTokens } from '../intuit/token-response';
import {
  authorizationMaxAgeMs,
  cancelPendingAuthorization,
  consumeCallback,
  createPendingAuthorization,
  recordExchangeOutcome,
  type PendingAuthorization,
} from '../storage/authorization-ledger';
import {
  getCompany,
  insertCompany,
  recordCompanyTokenTimes,
  renameCompany,
  type CompanyTokenTimes,
} from '../storage/company-repository';
import { appendEvent } from '../storage/event-log';
import { hashSecret, secretFingerprint } from '../storage/hash-secret';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { SqliteDatabase } from '../storage/sqlite';
import { buildAuthorizationUrl, readCallbackParameters } from './authorization-url';
import { isSettled, type AttemptSnapshot, type AttemptState } from './connect-attempt';

/** What one environment needs for a connect attempt, resolved (and validated) by the caller. */
export interface ConnectSettings {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly credentials: ClientCredentials;
  readonly redirectUri: string;
  readonly apiBaseUrl: string;
}

export interface IssuedTokensToSave {
  readonly companyId: string;
  readonly environment: IntuitEnvironment;
  readonly realmId: string;
  readonly tokens: IssuedTokens;
  readonly issuedAt: number;
}

export interface ConnectFlowDependencies {
  readonly database: SqliteDatabase;
  readonly now: () => number;
  readonly resolveSettings: (environment: IntuitEnvironment) => Promise<ConnectSettings>;
  /** Writes the token set to the keychain before anything uses it; returns what SQLite keeps. */
  readonly saveIssuedTokens: (input: IssuedTokensToSave) => Promise<CompanyTokenTimes>;
  readonly requestTimeoutMs: number;
  readonly fetch?: Fetch;
  readonly randomBytes?: (size: number) => Buffer;
  readonly onAttemptChanged?: (attempt: AttemptSnapshot) => void;
}

/** Why a callback was turned away before anything reached Intuit. */
export type CallbackRefusal = 'malformed' | 'unknown_state' | 'already_used' | 'expired' | 'cancelled';

export type CallbackOutcome =
  | { readonly kind: 'attempt'; readonly attempt: AttemptSnapshot }
  | { readonly kind: 'refused'; readonly reason: CallbackRefusal; readonly attempt: AttemptSnapshot | undefined };

export interface StartedAttempt {
  readonly attempt: AttemptSnapshot;
  readonly authorizationUrl: string;
}

/** A code held back while the bookkeeper decides about a company other than the one repaired. */
interface HeldCode {
  readonly code: string;
  readonly codeHash: string;
  readonly realmId: string;
  readonly authorization: PendingAuthorization;
}

interface LiveAttempt {
  snapshot: AttemptSnapshot;
  readonly stateHash: string;
  readonly waiters: Array<(attempt: AttemptSnapshot) => void>;
  held?: HeldCode;
}

/** A company's id is derived from where it lives, so the keychain entry is known before the row exists. */
export function companyIdFor(environment: IntuitEnvironment, realmId: string): string {
  return `${environment}-${realmId}`;
}

export class ConnectFlow {
  private readonly attemptsById = new Map<string, LiveAttempt>();
  private readonly attemptsByStateHash = new Map<string, LiveAttempt>();

  constructor(private readonly dependencies: ConnectFlowDependencies) {}

  async start(input: { environment: IntuitEnvironment; targetCompanyId?: string }): Promise<StartedAttempt> {
    const { database } = this.dependencies;
    const settings = await this.dependencies.resolveSettings(input.environment);
    const random = this.dependencies.randomBytes ?? cryptoRandomBytes;
    // 256 bits from the CSPRNG; only its hash is stored.
    const state = random(32).toString('base64url');
    const stateHash = hashSecret(state);
    const now = this.dependencies.now();
    createPendingAuthorization(
      database,
      {
        stateHash,
        environment: input.environment,
        clientIdFingerprint: secretFingerprint(settings.credentials.clientId),
        redirectUri: settings.redirectUri,
        targetCompanyId: input.targetCompanyId ?? null,
      },
      now,
    );
    const attempt: LiveAttempt = {
      stateHash,
      waiters: [],
      snapshot: {
        attemptId: random(9).toString('base64url'),
        environment: input.environment,
        targetCompanyId: input.targetCompanyId,
        startedAt: now,
        expiresAt: now + authorizationMaxAgeMs,
        state: { step: 'waiting_for_browser' },
      },
    };
    this.attemptsById.set(attempt.snapshot.attemptId, attempt);
    this.attemptsByStateHash.set(stateHash, attempt);
    this.notify(attempt);
    const authorizationUrl = buildAuthorizationUrl({
      authorizationEndpoint: settings.authorizationEndpoint,
      clientId: settings.credentials.clientId,
      redirectUri: settings.redirectUri,
      state,
    });
    return { attempt: attempt.snapshot, authorizationUrl };
  }

  get(attemptId: string): AttemptSnapshot | undefined {
    this.expireOverdue();
    return this.attemptsById.get(attemptId)?.snapshot;
  }

  /** Attempts still waiting for the browser; the loopback listener lives only while there are some. */
  pending(): AttemptSnapshot[] {
    this.expireOverdue();
    return [...this.attemptsById.values()].filter((attempt) => !isSettled(attempt.snapshot.state)).map((attempt) => attempt.snapshot);
  }

  /** Resolves when the attempt settles (connected, failed, cancelled, expired, or needs a decision). */
  waitFor(attemptId: string): Promise<AttemptSnapshot> {
    const attempt = this.attemptsById.get(attemptId);
    if (attempt === undefined) return Promise.reject(new Error(`No connect attempt ${attemptId}`));
    if (isSettled(attempt.snapshot.state)) return Promise.resolve(attempt.snapshot);
    return new Promise((resolve) => attempt.waiters.push(resolve));
  }

  cancel(attemptId: string): AttemptSnapshot | undefined {
    const attempt = this.attemptsById.get(attemptId);
    if (attempt === undefined || attempt.snapshot.state.step !== 'waiting_for_browser') return attempt?.snapshot;
    cancelPendingAuthorization(this.dependencies.database, attempt.stateHash);
    this.settle(attempt, { step: 'cancelled' });
    return attempt.snapshot;
  }

  async handleCallback(parameters: URLSearchParams): Promise<CallbackOutcome> {
    this.expireOverdue();
    const callback = readCallbackParameters(parameters);
    if (callback.kind === 'malformed') return { kind: 'refused', reason: 'malformed', attempt: undefined };
    if (callback.state === undefined) return { kind: 'refused', reason: 'unknown_state', attempt: undefined };
    const stateHash = hashSecret(callback.state);
    const live = this.attemptsByStateHash.get(stateHash);
    const now = this.dependencies.now();
    if (callback.kind === 'error') {
      // Only a state we issued may end an attempt; a forged error page ends nothing.
      if (!cancelPendingAuthorization(this.dependencies.database, stateHash)) {
        return { kind: 'refused', reason: live === undefined ? 'unknown_state' : 'already_used', attempt: live?.snapshot };
      }
      const state: AttemptState =
        callback.error === 'access_denied'
          ? { step: 'failed', cause: 'access_denied', detail: undefined }
          : { step: 'failed', cause: 'code_rejected', detail: `Intuit answered ${callback.error}` };
      if (live !== undefined) this.settle(live, state);
      return { kind: 'attempt', attempt: live?.snapshot ?? this.orphanSnapshot(state, now) };
    }
    const codeHash = hashSecret(callback.code);
    const consumed = consumeCallback(this.dependencies.database, { stateHash, codeHash }, now);
    switch (consumed.kind) {
      case 'unknown':
        return { kind: 'refused', reason: 'unknown_state', attempt: undefined };
      case 'already_consumed':
      case 'code_already_seen':
        return { kind: 'refused', reason: 'already_used', attempt: live?.snapshot };
      case 'expired':
        if (live !== undefined && !isSettled(live.snapshot.state)) this.settle(live, { step: 'expired' });
        return { kind: 'refused', reason: 'expired', attempt: live?.snapshot };
      case 'cancelled':
        return { kind: 'refused', reason: 'cancelled', attempt: live?.snapshot };
      case 'consumed':
        break;
    }
    const attempt = live ?? this.adopt(consumed.authorization, stateHash);
    const { authorization } = consumed;
    if (callback.realmId === undefined) {
      recordExchangeOutcome(this.dependencies.database, codeHash, 'failed', now);
      this.settle(attempt, { step: 'failed', cause: 'code_rejected', detail: 'Intuit did not say which company was chosen' });
      return { kind: 'attempt', attempt: attempt.snapshot };
    }
    const target = authorization.targetCompanyId === null ? undefined : getCompany(this.dependencies.database, authorization.targetCompanyId);
    if (target !== undefined && (target.realmId !== callback.realmId || target.environment !== authorization.environment)) {
      attempt.held = { code: callback.code, codeHash, realmId: callback.realmId, authorization };
      this.settle(attempt, {
        step: 'realm_mismatch',
        expectedCompanyId: target.id,
        expectedCompanyName: target.name,
        returnedRealmId: callback.realmId,
      });
      return { kind: 'attempt', attempt: attempt.snapshot };
    }
    await this.exchange(attempt, { code: callback.code, codeHash, realmId: callback.realmId, authorization });
    return { kind: 'attempt', attempt: attempt.snapshot };
  }

  /**
   * The browser came back with another company than the one being repaired. Nothing was stored;
   * the bookkeeper decides whether to add that company instead (its code was never sent).
   */
  async resolveRealmMismatch(attemptId: string, choice: 'add_other' | 'discard'): Promise<AttemptSnapshot | undefined> {
    const attempt = this.attemptsById.get(attemptId);
    const held = attempt?.held;
    if (attempt === undefined || held === undefined) return attempt?.snapshot;
    attempt.held = undefined;
    const now = this.dependencies.now();
    if (choice === 'discard') {
      recordExchangeOutcome(this.dependencies.database, held.codeHash, 'failed', now);
      this.settle(attempt, { step: 'cancelled' });
      return attempt.snapshot;
    }
    if (now - held.authorization.createdAt >= authorizationMaxAgeMs) {
      recordExchangeOutcome(this.dependencies.database, held.codeHash, 'failed', now);
      this.settle(attempt, { step: 'failed', cause: 'code_expired', detail: undefined });
      return attempt.snapshot;
    }
    await this.exchange(attempt, held);
    return attempt.snapshot;
  }

  private async exchange(attempt: LiveAttempt, held: HeldCode): Promise<void> {
    const { database } = this.dependencies;
    const { authorization, realmId } = held;
    this.transition(attempt, { step: 'exchanging' });
    const settings = await this.dependencies.resolveSettings(authorization.environment);
    if (secretFingerprint(settings.credentials.clientId) !== authorization.clientIdFingerprint) {
      recordExchangeOutcome(database, held.codeHash, 'failed', this.dependencies.now());
      this.settle(attempt, { step: 'failed', cause: 'wrong_environment', detail: 'The Intuit keys changed while the browser was open' });
      return;
    }
    const request = buildCodeExchangeRequest(settings.tokenEndpoint, settings.credentials, held.code, authorization.redirectUri);
    const outcome = await sendTokenRequest(request, { fetch: this.dependencies.fetch, timeoutMs: this.dependencies.requestTimeoutMs });
    const now = this.dependencies.now();
    const companyId = companyIdFor(authorization.environment, realmId);
    const existing = getCompany(database, companyId);
    const cause = exchangeFailureCause(outcome, authorization, now);
    recordTokenCall(database, {
      at: now,
      companyId: existing === undefined ? null : companyId,
      grantType: 'authorization_code',
      outcome,
      sentHash: held.codeHash,
      cause,
    });
    if (outcome.kind !== 'issued') {
      // An answer that may have been applied leaves the code 'unknown' in the ledger: never sent again.
      if (outcome.kind === 'rejected' || !outcome.maybeApplied) recordExchangeOutcome(database, held.codeHash, 'failed', now);
      this.settle(attempt, { step: 'failed', cause: cause ?? 'code_rejected', detail: outcome.kind === 'transient' ? outcome.detail : undefined });
      return;
    }
    recordExchangeOutcome(database, held.codeHash, 'succeeded', now);
    let times: CompanyTokenTimes;
    try {
      times = await this.dependencies.saveIssuedTokens({
        companyId,
        environment: authorization.environment,
        realmId,
        tokens: outcome.tokens,
        issuedAt: now,
      });
    } catch (error) {
      this.settle(attempt, { step: 'failed', cause: 'keychain_unavailable', detail: error instanceof Error ? error.message : undefined });
      return;
    }
    const info = await fetchCompanyInfo({
      apiBaseUrl: settings.apiBaseUrl,
      realmId,
      accessToken: outcome.tokens.accessToken,
      fetch: this.dependencies.fetch,
      timeoutMs: this.dependencies.requestTimeoutMs,
    });
    const name = info.kind === 'ok' ? info.companyName : (existing?.name ?? `Company ${realmId}`);
    const recovered = existing !== undefined && existing.status !== 'connected';
    if (existing === undefined) {
      insertCompany(database, { id: companyId, realmId, environment: authorization.environment, name, clientIdFingerprint: authorization.clientIdFingerprint }, now);
    } else if (existing.name !== name) {
      renameCompany(database, companyId, name, now);
    }
    recordCompanyTokenTimes(database, companyId, times, now);
    appendEvent(database, {
      at: now,
      companyId,
      kind: recovered ? 'company_recovered' : existing === undefined ? 'company_connected' : 'company_reconnected',
      outcome: 'connected',
      message: recovered ? `${name} is connected again` : `${name} is connected`,
    });
    this.settle(attempt, { step: 'connected', companyId, companyName: name, recovered });
  }

  /** A callback for an attempt this process did not start (it restarted): the ledger still decides. */
  private adopt(authorization: PendingAuthorization, stateHash: string): LiveAttempt {
    const attempt: LiveAttempt = {
      stateHash,
      waiters: [],
      snapshot: {
        attemptId: (this.dependencies.randomBytes ?? cryptoRandomBytes)(9).toString('base64url'),
        environment: authorization.environment,
        targetCompanyId: authorization.targetCompanyId ?? undefined,
        startedAt: authorization.createdAt,
        expiresAt: authorization.createdAt + authorizationMaxAgeMs,
        state: { step: 'waiting_for_browser' },
      },
    };
    this.attemptsById.set(attempt.snapshot.attemptId, attempt);
    this.attemptsByStateHash.set(stateHash, attempt);
    return attempt;
  }

  private orphanSnapshot(state: AttemptState, now: number): AttemptSnapshot {
    return { attemptId: 'unknown', environment: 'sandbox', targetCompanyId: undefined, startedAt: now, expiresAt: now, state };
  }

  private expireOverdue(): void {
    const now = this.dependencies.now();
    for (const attempt of this.attemptsById.values()) {
      if (attempt.snapshot.state.step === 'waiting_for_browser' && now >= attempt.snapshot.expiresAt) {
        this.settle(attempt, { step: 'expired' });
      }
    }
  }

  private transition(attempt: LiveAttempt, state: AttemptState): void {
    attempt.snapshot = { ...attempt.snapshot, state };
    this.notify(attempt);
  }

  private settle(attempt: LiveAttempt, state: AttemptState): void {
    this.transition(attempt, state);
    const waiters = attempt.waiters.splice(0);
    for (const resolve of waiters) resolve(attempt.snapshot);
  }

  private notify(attempt: LiveAttempt): void {
    this.dependencies.onAttemptChanged?.(attempt.snapshot);
  }
}

/** What the engine's own records say about a failed exchange; Intuit's `invalid_grant` does not say. */
function exchangeFailureCause(
  outcome: Awaited<ReturnType<typeof sendTokenRequest>>,
  authorization: PendingAuthorization,
  now: number,
): Cause | null {
  switch (outcome.kind) {
    case 'issued':
      return null;
    case 'rejected':
      if (outcome.error === 'invalid_client') return 'invalid_client';
      if (outcome.error !== 'invalid_grant') return 'code_rejected';
      return now - authorization.createdAt >= authorizationMaxAgeMs ? 'code_expired' : 'code_rejected';
    case 'transient':
      return outcome.maybeApplied ? 'exchange_outcome_unknown' : 'intuit_unreachable';
  }
}
