import { randomBytes } from 'node:crypto';
import { acquireLease, releaseLease } from '../storage/company-lease';
import type { SqliteDatabase } from '../storage/sqlite';

export interface LeaseTiming {
  /** Longer than any token request, so a live lease always covers read, request and save. */
  readonly ttlMs: number;
  /** How long to wait for another process's refresh before giving up for now. */
  readonly waitMs: number;
  readonly pollMs: number;
}

export const defaultLeaseTiming: LeaseTiming = { ttlMs: 60_000, waitMs: 45_000, pollMs: 50 };

export interface HeldRefreshLease {
  readonly generation: number;
  release(): void;
}

/** Unique per process and per keeper, so two keepers in one process never share a lease. */
export function newLeaseOwner(): string {
  return `${process.pid}:${randomBytes(6).toString('hex')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Takes the company's lease, waiting for another holder to finish; undefined if it never does. */
export async function holdRefreshLease(
  database: SqliteDatabase,
  companyId: string,
  owner: string,
  timing: LeaseTiming,
  now: () => number,
): Promise<HeldRefreshLease | undefined> {
  // Wall time bounds the wait even when `now` is a simulated clock.
  const giveUpAt = Date.now() + timing.waitMs;
  for (;;) {
    const lease = acquireLease(database, companyId, owner, timing.ttlMs, now());
    if (lease !== null) {
      return {
        generation: lease.generation,
        release: () => {
          releaseLease(database, companyId, owner, lease.generation);
        },
      };
    }
    if (Date.now() >= giveUpAt) return undefined;
    await sleep(timing.pollMs + Math.floor(Math.random() * timing.pollMs));
  }
}
