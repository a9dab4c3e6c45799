import type { Cause } from '../diagnosis/causes';
import { isDiscoveryError } from '../discovery/discovery-error';
import { isEngineError } from '../engine/engine-error';
import { describeError } from '../errors/expected-error';
import { recordTokenCall } from '../events/record-token-call';
import type { ClientCredentials } from '../intuit/client-credentials';
import { sendTokenRequest, type Fetch } from '../intuit/send-token-request';
import { buildCodeExchangeRequest } from '../intuit/token-request';
import type { IssuedTokens, TokenOutcome } from '../intuit/token-response';
import type { KeychainProbeResult } from '../keychain/probe-keychain';
import { isKeychainError } from '../keychain/keychain-error';
import { authorizationMaxAgeMs, recordExchangeOutcome, type PendingAuthorization } from '../storage/authorization-ledger';
import { getCompany, type CompanyTokenTimes } from '../storage/company-repository';
import { secretFingerprint } from '../storage/hash-secret';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { SqliteDatabase } from '../storage/sqlite';
import type { FinalAttemptState } from './connect-attempt';
import type { HeldCode } from './connect-attempts';
import { saveConnectedCompany } from './save-connected-company';

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

export interface CodeExchangeDependencies {
  readonly database: SqliteDatabase;
  readonly now: () => number;
  readonly resolveSettings: (environment: IntuitEnvironment) => Promise<ConnectSettings>;
  /** Asked before a code is spent: tokens Intuit issues must have somewhere to go. */
  readonly checkKeychain: () => Promise<KeychainProbeResult>;
  /** Writes the token set to the keychain before anything uses it; returns what SQLite keeps. */
  readonly saveIssuedTokens: (input: IssuedTokensToSave) => Promise<CompanyTokenTimes>;
  readonly requestTimeoutMs: number;
  readonly fetch?: Fetch;
}

/** A company's id is derived from where it lives, so the keychain entry is known before the row exists. */
export function companyIdFor(environment: IntuitEnvironment, realmId: string): string {
  return `${environment}-${realmId}`;
}

export const keychainClosedBeforeExchange = 'Unlock your keychain and connect again; nothing was sent to Intuit.';

/**
 * Exchanges one code and saves what Intuit issued. Never throws: every way it can end, a
 * failing settings lookup, database or keychain included, is a final state with its cause, so
 * no attempt is ever left `exchanging`.
 */
export async function exchangeCode(dependencies: CodeExchangeDependencies, held: HeldCode): Promise<FinalAttemptState> {
  const progress = { sent: false };
  try {
    return await exchange(dependencies, held, progress);
  } catch (error) {
    // A code that never left this machine is dead all the same: say so, so it is never sent.
    if (!progress.sent) recordCodeFailed(dependencies, held.codeHash);
    return interruptedState(error, progress.sent);
  }
}

async function exchange(dependencies: CodeExchangeDependencies, held: HeldCode, progress: { sent: boolean }): Promise<FinalAttemptState> {
  const { database } = dependencies;
  const { authorization, realmId } = held;
  const settings = await dependencies.resolveSettings(authorization.environment);
  if (secretFingerprint(settings.credentials.clientId) !== authorization.clientIdFingerprint) {
    recordCodeFailed(dependencies, held.codeHash);
    return { step: 'failed', cause: 'wrong_environment', detail: 'The Intuit keys changed while the browser was open' };
  }
  // Once spent, a code cannot be spent again: the tokens it buys must have a keychain to go to.
  if (!(await dependencies.checkKeychain()).available) {
    recordCodeFailed(dependencies, held.codeHash);
    return { step: 'failed', cause: 'keychain_unavailable', detail: keychainClosedBeforeExchange };
  }
  const request = buildCodeExchangeRequest(settings.tokenEndpoint, settings.credentials, held.code, authorization.redirectUri);
  progress.sent = true;
  const outcome = await sendTokenRequest(request, { fetch: dependencies.fetch, timeoutMs: dependencies.requestTimeoutMs });
  const now = dependencies.now();
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
    return { step: 'failed', cause: cause ?? 'code_rejected', detail: outcome.kind === 'transient' ? outcome.detail : undefined };
  }
  recordExchangeOutcome(database, held.codeHash, 'succeeded', now);
  const times = await dependencies.saveIssuedTokens({ companyId, environment: authorization.environment, realmId, tokens: outcome.tokens, issuedAt: now });
  return saveConnectedCompany(
    database,
    { companyId, realmId, authorization, existing, tokens: outcome.tokens, times, apiBaseUrl: settings.apiBaseUrl, now },
    { fetch: dependencies.fetch, timeoutMs: dependencies.requestTimeoutMs },
  );
}

function recordCodeFailed(dependencies: CodeExchangeDependencies, codeHash: string): void {
  try {
    recordExchangeOutcome(dependencies.database, codeHash, 'failed', dependencies.now());
  } catch {
    // The database may be what failed. The code then stays 'unknown', which never sends it either.
  }
}

/** Why an exchange stopped on this computer, in the words the error itself carries. */
function interruptedState(error: unknown, sent: boolean): FinalAttemptState {
  const described = describeError(error);
  const detail = described.kind === 'expected' ? described.message : `Unexpected error: ${described.message}`;
  if (isKeychainError(error)) return { step: 'failed', cause: 'keychain_unavailable', detail };
  if (!sent && (isDiscoveryError(error) || (isEngineError(error) && error.code === 'discovery_failed'))) {
    return { step: 'failed', cause: 'intuit_unreachable', detail };
  }
  return { step: 'failed', cause: 'exchange_interrupted', detail };
}

/** What the engine's own records say about a failed exchange; Intuit's `invalid_grant` does not say. */
function exchangeFailureCause(outcome: TokenOutcome, authorization: PendingAuthorization, now: number): Cause | null {
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
