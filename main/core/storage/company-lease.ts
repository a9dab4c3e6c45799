import { asRow, integerColumn, nullableIntegerColumn, nullableTextColumn, textColumn } from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

export interface LeaseHolder {
  /** Unique per holder: the process's liveness token, a slash, and a per-keeper id. */
  readonly owner: string;
  readonly pid: number;
}

export interface HeldLease {
  /** Increases with every acquisition for the company, and is never reused. */
  readonly generation: number;
}

export interface LeaseRecord {
  readonly companyId: string;
  /** null once released. */
  readonly owner: string | null;
  readonly generation: number;
  readonly holderPid: number | null;
  /** Wall time the holder took it: shown to people ("refreshing for 3 minutes"), never trusted. */
  readonly heldSince: number | null;
}

export type LeaseAttempt =
  | { readonly kind: 'held'; readonly lease: HeldLease }
  | { readonly kind: 'busy'; readonly holder: LeaseRecord }
  /** The company was removed (disconnected) meanwhile: there is nothing left to refresh. */
  | { readonly kind: 'gone' };

/**
 * Takes the company's refresh lease, across every process that opens this database, in one
 * write transaction: free, or already this owner's, it is taken; held by another owner, it is
 * taken over only when `isHolderAlive` says the holder died. No wall clock is involved: a paused
 * holder keeps its lease however long it sleeps, and a dead one loses it at once.
 */
export function acquireLease(
  database: SqliteDatabase,
  companyId: string,
  holder: LeaseHolder,
  isHolderAlive: (owner: string) => boolean,
  now: number,
): LeaseAttempt {
  return withStorageErrors(database, () => database.transaction(() => takeLease(database, companyId, holder, isHolderAlive, now)).immediate());
}

function takeLease(
  database: SqliteDatabase,
  companyId: string,
  holder: LeaseHolder,
  isHolderAlive: (owner: string) => boolean,
  now: number,
): LeaseAttempt {
  if (database.prepare('SELECT 1 FROM companies WHERE id = ?').get(companyId) === undefined) return { kind: 'gone' };
  const taken: unknown = database
    .prepare(
      `INSERT INTO leases (company_id, owner, expires_at, generation, holder_pid, held_since)
       VALUES (?, ?, 0, 1, ?, ?)
       ON CONFLICT (company_id) DO UPDATE
          SET owner = excluded.owner, generation = leases.generation + 1,
              holder_pid = excluded.holder_pid, held_since = excluded.held_since
        WHERE leases.owner IS NULL OR leases.owner = excluded.owner
       RETURNING generation`,
    )
    .get(companyId, holder.owner, holder.pid, now);
  if (taken !== undefined) return { kind: 'held', lease: { generation: integerColumn(asRow(taken), 'generation') } };
  const current = readLease(database, companyId);
  // Inside one transaction nobody releases it between the two statements.
  if (current === undefined || current.owner === null) throw new Error('The lease row vanished inside its transaction');
  if (isHolderAlive(current.owner)) return { kind: 'busy', holder: current };
  const takenOver: unknown = database
    .prepare(
      `UPDATE leases SET owner = ?, generation = generation + 1, holder_pid = ?, held_since = ?
        WHERE company_id = ? AND owner = ? AND generation = ?
       RETURNING generation`,
    )
    .get(holder.owner, holder.pid, now, companyId, current.owner, current.generation);
  if (takenOver === undefined) throw new Error('The lease changed inside its transaction');
  return { kind: 'held', lease: { generation: integerColumn(asRow(takenOver), 'generation') } };
}

/**
 * Compare-and-release: frees the lease only if this owner still holds this generation, so a
 * holder whose lease was taken over cannot release the next holder's. The row stays (owner NULL)
 * to keep the generation counting up. Returns whether it released anything.
 */
export function releaseLease(database: SqliteDatabase, companyId: string, owner: string, generation: number): boolean {
  return withStorageErrors(database, () => {
    const result = database
      .prepare(
        `UPDATE leases SET owner = NULL, holder_pid = NULL, held_since = NULL
          WHERE company_id = ? AND owner = ? AND generation = ?`,
      )
      .run(companyId, owner, generation);
    return result.changes === 1;
  });
}

export function readLease(database: SqliteDatabase, companyId: string): LeaseRecord | undefined {
  return withStorageErrors(database, () => {
    const row: unknown = database.prepare('SELECT * FROM leases WHERE company_id = ?').get(companyId);
    if (row === undefined) return undefined;
    const values = asRow(row);
    return {
      companyId: textColumn(values, 'company_id'),
      owner: nullableTextColumn(values, 'owner'),
      generation: integerColumn(values, 'generation'),
      holderPid: nullableIntegerColumn(values, 'holder_pid'),
      heldSince: nullableIntegerColumn(values, 'held_since'),
    };
  });
}
