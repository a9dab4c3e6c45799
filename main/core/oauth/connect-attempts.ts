import type { PendingAuthorization } from '../storage/authorization-ledger';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import { isSettled, type AttemptSnapshot, type AttemptState, type FinalAttemptState } from './connect-attempt';

/** A code held back while the bookkeeper decides about a company other than the one repaired. */
export interface HeldCode {
  readonly code: string;
  readonly codeHash: string;
  readonly realmId: string;
  readonly authorization: PendingAuthorization;
}

/** Starts a timer and returns the function that cancels it. */
export type ScheduleTimer = (callback: () => void, delayMs: number) => () => void;

export function scheduleUnrefTimer(callback: () => void, delayMs: number): () => void {
  const timer = setTimeout(callback, delayMs);
  // A forgotten sign-in must not keep the command line (or a test run) alive.
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * What is kept beside the snapshot, by step: a held code exists only while its decision is
 * awaited, and the expiry timer only while nothing else is sure to end the attempt (an exchange
 * always ends itself, bounded by its request timeouts).
 */
type Phase =
  | { readonly step: 'waiting_for_browser'; readonly cancelTimer: () => void }
  | { readonly step: 'exchanging' }
  | { readonly step: 'realm_mismatch'; readonly held: HeldCode; readonly cancelTimer: () => void }
  | { readonly step: 'final' };

interface LiveAttempt {
  snapshot: AttemptSnapshot;
  phase: Phase;
  readonly stateHash: string;
  readonly waiters: Array<(attempt: AttemptSnapshot) => void>;
}

export interface NewAttempt {
  readonly attemptId: string;
  readonly stateHash: string;
  readonly environment: IntuitEnvironment;
  readonly targetCompanyId: string | undefined;
  readonly startedAt: number;
  readonly expiresAt: number;
}

export interface ConnectAttemptsOptions {
  readonly now: () => number;
  readonly scheduleTimer: ScheduleTimer;
  readonly onChanged?: (attempt: AttemptSnapshot) => void;
  /** A held code reached its 10 minutes: the ledger must learn it will never be sent. */
  readonly onHeldCodeExpired: (held: HeldCode) => void;
}

/**
 * The live connect attempts of this process, as a state machine: every move is checked against
 * the step the attempt is in, so a result that arrives for an attempt already ended (cancelled,
 * expired) is dropped, and every attempt ends: the browser's answer, a cancel, or its own expiry
 * timer. No I/O here beyond the timers; the ledger and Intuit are the flow's business.
 */
export class ConnectAttempts {
  private readonly byId = new Map<string, LiveAttempt>();
  private readonly byStateHash = new Map<string, LiveAttempt>();

  constructor(private readonly options: ConnectAttemptsOptions) {}

  begin(input: NewAttempt): AttemptSnapshot {
    const attempt: LiveAttempt = {
      stateHash: input.stateHash,
      waiters: [],
      phase: { step: 'final' },
      snapshot: {
        attemptId: input.attemptId,
        environment: input.environment,
        targetCompanyId: input.targetCompanyId,
        startedAt: input.startedAt,
        expiresAt: input.expiresAt,
        state: { step: 'waiting_for_browser' },
      },
    };
    attempt.phase = { step: 'waiting_for_browser', cancelTimer: this.armExpiry(attempt) };
    this.byId.set(input.attemptId, attempt);
    this.byStateHash.set(input.stateHash, attempt);
    this.notify(attempt);
    return attempt.snapshot;
  }

  get(attemptId: string): AttemptSnapshot | undefined {
    return this.byId.get(attemptId)?.snapshot;
  }

  idForState(stateHash: string): string | undefined {
    return this.byStateHash.get(stateHash)?.snapshot.attemptId;
  }

  stateHashOf(attemptId: string): string | undefined {
    return this.byId.get(attemptId)?.stateHash;
  }

  /** Attempts waiting for the browser or exchanging; the loopback listener lives while there are some. */
  pending(): AttemptSnapshot[] {
    return [...this.byId.values()].filter((attempt) => !isSettled(attempt.snapshot.state)).map((attempt) => attempt.snapshot);
  }

  waitFor(attemptId: string): Promise<AttemptSnapshot> {
    const attempt = this.byId.get(attemptId);
    if (attempt === undefined) return Promise.reject(new Error(`No connect attempt ${attemptId}`));
    if (isSettled(attempt.snapshot.state)) return Promise.resolve(attempt.snapshot);
    return new Promise((resolve) => attempt.waiters.push(resolve));
  }

  /** The browser came back for an attempt still waiting: its code goes to Intuit. */
  beginExchange(attemptId: string): boolean {
    const attempt = this.byId.get(attemptId);
    if (attempt?.phase.step !== 'waiting_for_browser') return false;
    attempt.phase.cancelTimer();
    this.move(attempt, { step: 'exchanging' }, { step: 'exchanging' });
    return true;
  }

  /** Another company came back than the one being repaired: its code waits for a decision, until its 10 minutes pass. */
  hold(attemptId: string, held: HeldCode, state: Extract<AttemptState, { step: 'realm_mismatch' }>): boolean {
    const attempt = this.byId.get(attemptId);
    if (attempt?.phase.step !== 'waiting_for_browser') return false;
    attempt.phase.cancelTimer();
    this.move(attempt, { step: 'realm_mismatch', held, cancelTimer: this.armExpiry(attempt) }, state);
    return true;
  }

  /** The bookkeeper chose to add the other company: the held code goes to Intuit, once. */
  exchangeHeld(attemptId: string): HeldCode | undefined {
    const attempt = this.byId.get(attemptId);
    if (attempt?.phase.step !== 'realm_mismatch') return undefined;
    const { held } = attempt.phase;
    attempt.phase.cancelTimer();
    this.move(attempt, { step: 'exchanging' }, { step: 'exchanging' });
    return held;
  }

  /** Ends an attempt whose code is held without sending it; returns the code so the ledger can be told. */
  discardHeld(attemptId: string, state: FinalAttemptState): HeldCode | undefined {
    const attempt = this.byId.get(attemptId);
    if (attempt?.phase.step !== 'realm_mismatch') return undefined;
    const { held } = attempt.phase;
    this.settle(attemptId, state);
    return held;
  }

  /** Only a waiting attempt can be cancelled: an exchange under way cannot be called back from Intuit. */
  cancel(attemptId: string): boolean {
    const attempt = this.byId.get(attemptId);
    if (attempt?.phase.step !== 'waiting_for_browser') return false;
    return this.settle(attemptId, { step: 'cancelled' });
  }

  /** Ends the attempt; false (and nothing changes) when it had already ended. */
  settle(attemptId: string, state: FinalAttemptState): boolean {
    const attempt = this.byId.get(attemptId);
    if (attempt === undefined || attempt.phase.step === 'final') return false;
    if (attempt.phase.step !== 'exchanging') attempt.phase.cancelTimer();
    this.move(attempt, { step: 'final' }, state);
    return true;
  }

  /** Ends what is overdue now; the timers do the same, this catches a clock that jumped ahead of them. */
  expireOverdue(): void {
    for (const attempt of this.byId.values()) this.expireIfDue(attempt);
  }

  private armExpiry(attempt: LiveAttempt): () => void {
    let cancel = () => {};
    const arm = () => {
      const remaining = attempt.snapshot.expiresAt - this.options.now();
      cancel = this.options.scheduleTimer(() => {
        // Timers run on their own clock; the deadline is the flow's clock, which may differ.
        if (!this.expireIfDue(attempt) && (attempt.phase.step === 'waiting_for_browser' || attempt.phase.step === 'realm_mismatch')) arm();
      }, Math.max(0, remaining));
    };
    arm();
    return () => cancel();
  }

  private expireIfDue(attempt: LiveAttempt): boolean {
    if (this.options.now() < attempt.snapshot.expiresAt) return false;
    const { phase } = attempt;
    switch (phase.step) {
      case 'waiting_for_browser':
        return this.settle(attempt.snapshot.attemptId, { step: 'expired' });
      case 'realm_mismatch':
        this.discardHeld(attempt.snapshot.attemptId, { step: 'expired' });
        this.options.onHeldCodeExpired(phase.held);
        return true;
      case 'exchanging':
      case 'final':
        return false;
    }
  }

  private move(attempt: LiveAttempt, phase: Phase, state: AttemptState): void {
    attempt.phase = phase;
    attempt.snapshot = { ...attempt.snapshot, state };
    if (isSettled(state)) {
      for (const resolve of attempt.waiters.splice(0)) resolve(attempt.snapshot);
    }
    this.notify(attempt);
  }

  private notify(attempt: LiveAttempt): void {
    try {
      this.options.onChanged?.(attempt.snapshot);
    } catch {
      // A listener's bug must not leave an attempt half-moved; the move above is already complete.
    }
  }
}

