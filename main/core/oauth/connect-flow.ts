import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import {
  authorizationMaxAgeMs,
  cancelPendingAuthorization,
  consumeCallback,
  createPendingAuthorization,
  getPendingAuthorization,
  recordExchangeOutcome,
  type PendingAuthorization,
} from '../storage/authorization-ledger';
import { getCompany } from '../storage/company-repository';
import { hashSecret, secretFingerprint } from '../storage/hash-secret';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import { buildAuthorizationUrl, readCallbackParameters } from './authorization-url';
import { exchangeCode, type CodeExchangeDependencies } from './code-exchange';
import type { AttemptSnapshot, AttemptState, FinalAttemptState } from './connect-attempt';
import { ConnectAttempts, scheduleUnrefTimer, type HeldCode, type ScheduleTimer } from './connect-attempts';

export { companyIdFor, type ConnectSettings, type IssuedTokensToSave } from './code-exchange';

/** The exchange's needs (the keychain is probed when an attempt starts too), and the attempts'. */
export interface ConnectFlowDependencies extends CodeExchangeDependencies {
  readonly randomBytes?: (size: number) => Buffer;
  /** Each attempt's expiry timer; unref'd timers by default. */
  readonly scheduleTimer?: ScheduleTimer;
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

/**
 * The connect flow: the ledger (each state and code used once, across processes) decides what a
 * callback may do, the attempts (`ConnectAttempts`) say where each sign-in stands, and the
 * exchange (`exchangeCode`) spends a code. This file only joins them.
 */
export class ConnectFlow {
  private readonly attempts: ConnectAttempts;

  constructor(private readonly dependencies: ConnectFlowDependencies) {
    this.attempts = new ConnectAttempts({
      now: dependencies.now,
      scheduleTimer: dependencies.scheduleTimer ?? scheduleUnrefTimer,
      onChanged: dependencies.onAttemptChanged,
      onHeldCodeExpired: (held) => this.recordCodeFailed(held.codeHash),
    });
  }

  async start(input: { environment: IntuitEnvironment; targetCompanyId?: string }): Promise<StartedAttempt> {
    const { database } = this.dependencies;
    const settings = await this.dependencies.resolveSettings(input.environment);
    // No browser opens for a sign-in whose tokens would have nowhere to go.
    const keychain = await this.dependencies.checkKeychain();
    if (!keychain.available) throw keychain.error;
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
    const attempt = this.attempts.begin({
      attemptId: random(9).toString('base64url'),
      stateHash,
      environment: input.environment,
      targetCompanyId: input.targetCompanyId,
      startedAt: now,
      expiresAt: now + authorizationMaxAgeMs,
    });
    const authorizationUrl = buildAuthorizationUrl({
      authorizationEndpoint: settings.authorizationEndpoint,
      clientId: settings.credentials.clientId,
      redirectUri: settings.redirectUri,
      state,
    });
    return { attempt, authorizationUrl };
  }

  get(attemptId: string): AttemptSnapshot | undefined {
    this.attempts.expireOverdue();
    return this.attempts.get(attemptId);
  }

  /** Attempts still waiting for the browser or exchanging; the loopback listener lives only while there are some. */
  pending(): AttemptSnapshot[] {
    this.attempts.expireOverdue();
    return this.attempts.pending();
  }

  /** Resolves when the attempt settles (connected, failed, cancelled, expired, or needs a decision). */
  waitFor(attemptId: string): Promise<AttemptSnapshot> {
    return this.attempts.waitFor(attemptId);
  }

  cancel(attemptId: string): AttemptSnapshot | undefined {
    const stateHash = this.attempts.stateHashOf(attemptId);
    if (stateHash !== undefined && this.attempts.cancel(attemptId)) cancelPendingAuthorization(this.dependencies.database, stateHash);
    return this.attempts.get(attemptId);
  }

  /**
   * `arrivedAt` is the redirect URI the callback came in through, when the caller knows it (the
   * loopback listener): Intuit sends a sign-in back only to the URI it was started with, so a
   * state started for another (the other environment's relay, say) is refused there untouched.
   */
  async handleCallback(parameters: URLSearchParams, arrivedAt?: string): Promise<CallbackOutcome> {
    this.attempts.expireOverdue();
    const callback = readCallbackParameters(parameters);
    if (callback.kind === 'malformed') return { kind: 'refused', reason: 'malformed', attempt: undefined };
    if (callback.state === undefined) return { kind: 'refused', reason: 'unknown_state', attempt: undefined };
    const stateHash = hashSecret(callback.state);
    if (arrivedAt !== undefined && getPendingAuthorization(this.dependencies.database, stateHash)?.redirectUri !== arrivedAt) {
      return { kind: 'refused', reason: 'unknown_state', attempt: undefined };
    }
    const liveId = this.attempts.idForState(stateHash);
    const live = () => (liveId === undefined ? undefined : this.attempts.get(liveId));
    const now = this.dependencies.now();
    if (callback.kind === 'error') {
      // Only a state we issued may end an attempt; a forged error page ends nothing.
      if (!cancelPendingAuthorization(this.dependencies.database, stateHash)) {
        return { kind: 'refused', reason: liveId === undefined ? 'unknown_state' : 'already_used', attempt: live() };
      }
      const state: FinalAttemptState =
        callback.error === 'access_denied'
          ? { step: 'failed', cause: 'access_denied', detail: undefined }
          : { step: 'failed', cause: 'code_rejected', detail: `Intuit answered ${callback.error}` };
      if (liveId === undefined) return { kind: 'attempt', attempt: orphanSnapshot(state, now) };
      this.attempts.settle(liveId, state);
      return { kind: 'attempt', attempt: this.attempts.get(liveId) ?? orphanSnapshot(state, now) };
    }
    const codeHash = hashSecret(callback.code);
    const consumed = consumeCallback(this.dependencies.database, { stateHash, codeHash }, now);
    switch (consumed.kind) {
      case 'unknown':
        return { kind: 'refused', reason: 'unknown_state', attempt: undefined };
      case 'already_consumed':
      case 'code_already_seen':
        return { kind: 'refused', reason: 'already_used', attempt: live() };
      case 'expired':
        if (liveId !== undefined) this.attempts.settle(liveId, { step: 'expired' });
        return { kind: 'refused', reason: 'expired', attempt: live() };
      case 'cancelled':
        return { kind: 'refused', reason: 'cancelled', attempt: live() };
      case 'consumed':
        break;
    }
    const { authorization } = consumed;
    const attemptId = liveId ?? this.adopt(authorization, stateHash);
    if (callback.realmId === undefined) {
      this.recordCodeFailed(codeHash);
      this.attempts.settle(attemptId, { step: 'failed', cause: 'code_rejected', detail: 'Intuit did not say which company was chosen' });
      return this.outcomeOf(attemptId, now);
    }
    const held: HeldCode = { code: callback.code, codeHash, realmId: callback.realmId, authorization };
    const target = authorization.targetCompanyId === null ? undefined : getCompany(this.dependencies.database, authorization.targetCompanyId);
    if (target !== undefined && (target.realmId !== callback.realmId || target.environment !== authorization.environment)) {
      const holding = this.attempts.hold(attemptId, held, {
        step: 'realm_mismatch',
        expectedCompanyId: target.id,
        expectedCompanyName: target.name,
        returnedRealmId: callback.realmId,
      });
      if (!holding) this.recordCodeFailed(codeHash);
      return this.outcomeOf(attemptId, now);
    }
    if (this.attempts.beginExchange(attemptId)) {
      this.attempts.settle(attemptId, await exchangeCode(this.dependencies, held));
    } else {
      // The attempt ended here (cancelled, expired) while the ledger still let the code in.
      this.recordCodeFailed(codeHash);
    }
    return this.outcomeOf(attemptId, now);
  }

  /**
   * The browser came back with another company than the one being repaired. Nothing was stored;
   * the bookkeeper decides whether to add that company instead (its code was never sent).
   */
  async resolveRealmMismatch(attemptId: string, choice: 'add_other' | 'discard'): Promise<AttemptSnapshot | undefined> {
    this.attempts.expireOverdue();
    if (choice === 'discard') {
      const held = this.attempts.discardHeld(attemptId, { step: 'cancelled' });
      if (held !== undefined) this.recordCodeFailed(held.codeHash);
      return this.attempts.get(attemptId);
    }
    const held = this.attempts.exchangeHeld(attemptId);
    if (held === undefined) return this.attempts.get(attemptId);
    this.attempts.settle(attemptId, await exchangeCode(this.dependencies, held));
    return this.attempts.get(attemptId);
  }

  /** A callback for an attempt this process did not start (it restarted): the ledger still decides. */
  private adopt(authorization: PendingAuthorization, stateHash: string): string {
    return this.attempts.begin({
      attemptId: (this.dependencies.randomBytes ?? cryptoRandomBytes)(9).toString('base64url'),
      stateHash,
      environment: authorization.environment,
      targetCompanyId: authorization.targetCompanyId ?? undefined,
      startedAt: authorization.createdAt,
      expiresAt: authorization.createdAt + authorizationMaxAgeMs,
    }).attemptId;
  }

  private outcomeOf(attemptId: string, now: number): CallbackOutcome {
    const attempt = this.attempts.get(attemptId);
    return { kind: 'attempt', attempt: attempt ?? orphanSnapshot({ step: 'expired' }, now) };
  }

  /** A code that will never be sent; a failing database leaves it 'unknown', which never sends it either. */
  private recordCodeFailed(codeHash: string): void {
    try {
      recordExchangeOutcome(this.dependencies.database, codeHash, 'failed', this.dependencies.now());
    } catch {
      // See above: 'unknown' is as safe as 'failed' for a code that was never sent.
    }
  }
}

function orphanSnapshot(state: AttemptState, now: number): AttemptSnapshot {
  return { attemptId: 'unknown', environment: 'sandbox', targetCompanyId: undefined, startedAt: now, expiresAt: now, state };
}
