import {
  asRow,
  integerColumn,
  nullableIntegerColumn,
  nullableTextColumn,
  textColumn,
} from './row-values';
import type { SqliteDatabase } from './sqlite';
import { withStorageErrors } from './storage-error';

export type GrantType = 'authorization_code' | 'refresh_token';

export interface NewEvent {
  readonly at: number;
  readonly companyId: string | null;
  /** A stable name such as `token_exchange`, `refresh`, `status_changed`. */
  readonly kind: string;
  readonly grantType?: GrantType | null;
  readonly outcome?: string | null;
  readonly httpStatus?: number | null;
  /** Intuit's `error` field (`invalid_grant`…), never its free-text description alone. */
  readonly intuitError?: string | null;
  readonly intuitTid?: string | null;
  readonly cause?: string | null;
  readonly message?: string | null;
  /** Must hold no secret: hashes and display prefixes only. */
  readonly details?: Readonly<Record<string, unknown>> | null;
}

export interface StoredEvent {
  readonly id: number;
  readonly at: number;
  readonly companyId: string | null;
  readonly kind: string;
  readonly grantType: GrantType | null;
  readonly outcome: string | null;
  readonly httpStatus: number | null;
  readonly intuitError: string | null;
  readonly intuitTid: string | null;
  readonly cause: string | null;
  readonly message: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

export interface EventQuery {
  readonly companyId?: string;
  /** Inclusive lower bound on `at`. */
  readonly since?: number;
  /** Exclusive upper bound on `at`. */
  readonly until?: number;
  readonly limit: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

export interface EventPage {
  readonly events: StoredEvent[];
  /** null on the last page. */
  readonly nextCursor: string | null;
}

export const maximumEventPageSize = 500;

export function appendEvent(database: SqliteDatabase, event: NewEvent): StoredEvent {
  return withStorageErrors(database, () => {
    const row: unknown = database
      .prepare(
        `INSERT INTO events
           (at, company_id, kind, grant_type, outcome, http_status, intuit_error, intuit_tid,
            cause, message, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING *`,
      )
      .get(
        event.at,
        event.companyId,
        event.kind,
        event.grantType ?? null,
        event.outcome ?? null,
        event.httpStatus ?? null,
        event.intuitError ?? null,
        event.intuitTid ?? null,
        event.cause ?? null,
        event.message ?? null,
        event.details === undefined || event.details === null ? null : JSON.stringify(event.details),
      );
    return eventFromRow(row);
  });
}

/** Newest first, keyset-paginated on (at, id) so appends between pages never shift a page. */
export function listEvents(database: SqliteDatabase, query: EventQuery): EventPage {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > maximumEventPageSize) {
    throw new RangeError(`Event page size must be 1 to ${maximumEventPageSize}, got ${query.limit}`);
  }
  const conditions: string[] = [];
  const parameters: Array<string | number> = [];
  if (query.companyId !== undefined) {
    conditions.push('company_id = ?');
    parameters.push(query.companyId);
  }
  if (query.since !== undefined) {
    conditions.push('at >= ?');
    parameters.push(query.since);
  }
  if (query.until !== undefined) {
    conditions.push('at < ?');
    parameters.push(query.until);
  }
  if (query.cursor !== undefined && query.cursor !== null) {
    const cursor = parseCursor(query.cursor);
    conditions.push('(at < ? OR (at = ? AND id < ?))');
    parameters.push(cursor.at, cursor.at, cursor.id);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  return withStorageErrors(database, () => {
    const rows = database
      .prepare(`SELECT * FROM events ${where} ORDER BY at DESC, id DESC LIMIT ?`)
      .all(...parameters, query.limit + 1);
    const events = rows.slice(0, query.limit).map(eventFromRow);
    const last = events.at(-1);
    const nextCursor =
      rows.length > query.limit && last !== undefined ? `${last.at}:${last.id}` : null;
    return { events, nextCursor };
  });
}

function parseCursor(cursor: string): { at: number; id: number } {
  const match = /^(-?\d+):(\d+)$/.exec(cursor);
  const at = Number(match?.[1]);
  const id = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(at) || !Number.isSafeInteger(id)) {
    throw new RangeError(`Not an event cursor: ${JSON.stringify(cursor)}`);
  }
  return { at, id };
}

function eventFromRow(value: unknown): StoredEvent {
  const row = asRow(value);
  const grantType = nullableTextColumn(row, 'grant_type');
  const details = nullableTextColumn(row, 'details');
  return {
    id: integerColumn(row, 'id'),
    at: integerColumn(row, 'at'),
    companyId: nullableTextColumn(row, 'company_id'),
    kind: textColumn(row, 'kind'),
    grantType: grantType === 'authorization_code' || grantType === 'refresh_token' ? grantType : null,
    outcome: nullableTextColumn(row, 'outcome'),
    httpStatus: nullableIntegerColumn(row, 'http_status'),
    intuitError: nullableTextColumn(row, 'intuit_error'),
    intuitTid: nullableTextColumn(row, 'intuit_tid'),
    cause: nullableTextColumn(row, 'cause'),
    message: nullableTextColumn(row, 'message'),
    details: details === null ? null : parseDetails(details),
  };
}

function parseDetails(text: string): Readonly<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { value: parsed };
  }
  return parsed as Record<string, unknown>;
}
