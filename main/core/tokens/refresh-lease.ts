import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireLease, releaseLease, type LeaseRecord } from '../storage/company-lease';
import { isProcessAlive, livenessDirectoryFor, ProcessLivenessLock } from '../storage/process-liveness';
import type { SqliteDatabase } from '../storage/sqlite';
import { inWriteTransaction } from '../storage/storage-error';

export interface LeaseTiming {
  /** How long to wait for another live holder before telling the caller who holds it. */
  readonly waitMs: number;
  readonly pollMs: number;
}

export const defaultLeaseTiming: LeaseTiming = { waitMs: 45_000, pollMs: 50 };

/** The refresh lease as one keeper holds it. */
export interface HeldRefreshLease {
  readonly generation: number;
  /**
   * Runs the writes that end the refresh and gives the lease back in the same write transaction:
   * one sync to disk instead of two. If the database refuses, nothing is released and `release`
   * (which the holder calls in any case) retries as usual.
   */
  releaseWith(writes: () => void): void;
  /** Gives the lease back, unless `releaseWith` already did. */
  release(): void;
}

export type RefreshLeaseAttempt =
  | { readonly kind: 'held'; readonly lease: HeldRefreshLease }
  /** A live process kept it past the wait: reported, never taken from it. */
  | { readonly kind: 'busy'; readonly holder: LeaseRecord }
  | { readonly kind: 'gone' };

/**
 * One process's identity as a lease holder on one database: its liveness lock (taken on first
 * use, beside the database) and the ids of the keepers in it. An in-memory database is only
 * ever seen by this process, so there liveness is this process's own registry.
 */
export class LeaseHolderIdentity {
  private lock: ProcessLivenessLock | undefined;
  private livenessToken: string | undefined;
  private readonly directory: string | undefined;
  private readonly pendingReleases = new Set<() => boolean>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly database: SqliteDatabase) {
    this.directory = livenessDirectoryFor(database);
  }

  /** A new owner id: unique per keeper (or probe), prefixed with this process's liveness token. */
  newOwner(): string {
    return `${this.token()}/${randomBytes(6).toString('hex')}`;
  }

  isOwnerAlive(owner: string): boolean {
    const token = owner.split('/')[0] ?? '';
    if (token === this.livenessToken || memoryTokens.has(token)) return true;
    if (this.directory === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(token)) return false;
    return isProcessAlive(this.directory, token);
  }

  /** Takes the company's lease, waiting (on the monotonic clock) while a live holder has it. */
  async hold(companyId: string, owner: string, timing: LeaseTiming, now: () => number): Promise<RefreshLeaseAttempt> {
    const giveUpAt = performance.now() + timing.waitMs;
    for (;;) {
      const attempt = acquireLease(this.database, companyId, { owner, pid: process.pid }, (holder) => this.isOwnerAlive(holder), now());
      if (attempt.kind === 'held') {
        const { generation } = attempt.lease;
        let released = false;
        const lease: HeldRefreshLease = {
          generation,
          releaseWith: (writes) => {
            inWriteTransaction(this.database, () => {
              writes();
              releaseLease(this.database, companyId, owner, generation);
            });
            released = true;
          },
          release: () => {
            if (released) return;
            released = true;
            this.release(companyId, owner, generation);
          },
        };
        return { kind: 'held', lease };
      }
      if (attempt.kind === 'gone') return attempt;
      if (performance.now() >= giveUpAt) return { kind: 'busy', holder: attempt.holder };
      await sleep(timing.pollMs + Math.floor(Math.random() * timing.pollMs));
    }
  }

  /** Releases in-flight leases still owed (a locked database refused them) and gives the lock up. */
  close(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryReleases();
    if (this.livenessToken !== undefined) memoryTokens.delete(this.livenessToken);
    this.lock?.release();
    this.lock = undefined;
    this.livenessToken = undefined;
  }

  /**
   * A release the database refuses (locked by another program) is retried until it lands: the
   * holder is alive, so nobody else would take the lease over until this process ends.
   */
  private release(companyId: string, owner: string, generation: number): void {
    const attempt = () => {
      try {
        releaseLease(this.database, companyId, owner, generation);
        return true;
      } catch {
        return false;
      }
    };
    if (attempt()) return;
    this.pendingReleases.add(attempt);
    this.scheduleRetry();
  }

  private retryReleases(): void {
    for (const attempt of [...this.pendingReleases]) if (attempt()) this.pendingReleases.delete(attempt);
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryReleases();
      if (this.pendingReleases.size > 0) this.scheduleRetry();
    }, 1_000);
    this.retryTimer.unref();
  }

  private token(): string {
    if (this.livenessToken !== undefined) return this.livenessToken;
    if (this.directory === undefined) {
      this.livenessToken = randomBytes(9).toString('base64url');
      memoryTokens.add(this.livenessToken);
    } else {
      this.lock = ProcessLivenessLock.acquire(this.directory);
      this.livenessToken = this.lock.token;
    }
    return this.livenessToken;
  }
}

/** Liveness tokens of in-memory databases' holders in this process. */
const memoryTokens = new Set<string>();
