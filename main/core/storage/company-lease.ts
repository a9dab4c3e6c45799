import { asRow, integerColumn, nullableTextColumn, textColumn } from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

export interface HeldLease {
  /** Increases with every acquisition for the company, and is never reused. */
  readonly generation: number;
  readonly expiresAt: number;
}

export interface LeaseRecord {
  readonly companyId: string;
  /** null once released. */
  readonly owner: string | null;
  readonly expiresAt: number;
  readonly generation: number;
}

/**
 * Takes the company's refresh lease, across every process that opens this database, with one
 * statement: it inserts the row, or takes it over when it is free, expired, or already this
 * owner's. Returns null while another owner holds a live lease. A crashed holder blocks others
 * only until its lease expires. `owner` should be unique per holder (process id plus a random id).
 */
export function acquireLease(
  database: SqliteDatabase,
  companyId: string,
  owner: string,
  ttlMs: number,
  now: number,
): HeldLease | null {
  assertPositiveTtl(ttlMs);
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare(
        `INSERT INTO leases (company_id, owner, expires_at, generation)
         VALUES (?, ?, ?, 1)
         ON CONFLICT (company_id) DO UPDATE
            SET owner = excluded.owner,
                expires_at = excluded.expires_at,
                generation = leases.generation + 1
          WHERE leases.owner IS NULL OR leases.expires_at <= ? OR leases.owner = excluded.owner
         RETURNING generation, expires_at`,
      )
      .get(companyId, owner, now + ttlMs, now);
    if (row === undefined) {
      return null;
    }
    const values = asRow(row);
    return {
      generation: integerColumn(values, 'generation'),
      expiresAt: integerColumn(values, 'expires_at'),
    };
  });
}

/**
 * Extends a live lease. Fails (false) when the lease expired, even if nobody took it yet: a
 * holder that let it lapse must assume another process may have acted, and start over.
 */
export function renewLease(
  database: SqliteDatabase,
  companyId: string,
  owner: string,
  generation: number,
  ttlMs: number,
  now: number,
): HeldLease | null {
  assertPositiveTtl(ttlMs);
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE leases SET expires_at = ?
          WHERE company_id = ? AND owner = ? AND generation = ? AND expires_at > ?`,
      )
      .run(now + ttlMs, companyId, owner, generation, now);
    return result.changes === 1 ? { generation, expiresAt: now + ttlMs } : null;
  });
}

/**
 * Compare-and-release: frees the lease only if this owner still holds this generation, so a
 * holder that outlived its lease cannot release the next holder's. The row stays (owner NULL)
 * to keep the generation counting up. Returns whether it released anything.
 */
export function releaseLease(
  database: SqliteDatabase,
  companyId: string,
  owner: string,
  generation: number,
): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE leases SET owner = NULL, expires_at = 0
          WHERE company_id = ? AND owner = ? AND generation = ?`,
      )
      .run(companyId, owner, generation);
    return result.changes === 1;
  });
}

export function readLease(database: SqliteDatabase, companyId: string): LeaseRecord | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare('SELECT * FROM leases WHERE company_id = ?')
      .get(companyId);
    if (row === undefined) {
      return undefined;
    }
    const values = asRow(row);
    return {
      companyId: textColumn(values, 'company_id'),
      owner: nullableTextColumn(values, 'owner'),
      expiresAt: integerColumn(values, 'expires_at'),
      generation: integerColumn(values, 'generation'),
    };
  });
}

function assertPositiveTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`Lease time-to-live must be a positive integer of ms, got ${ttlMs}`);
  }
}
