import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, listEvents } from '../../../main/core/storage/event-log';
import type { StoredEvent } from '../../../main/core/storage/event-log';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { openTemporaryDatabase } from './fixtures/temporary-database';
import type { TemporaryDatabase } from './fixtures/temporary-database';

let temporary: TemporaryDatabase;
let database: SqliteDatabase;

beforeEach(() => {
  temporary = openTemporaryDatabase();
  database = temporary.database;
});
afterEach(() => temporary.close());

describe('event log', () => {
  it('appends an event with every field and reads it back', () => {
    const stored = appendEvent(database, {
      at: 1000,
      companyId: 'c1',
      kind: 'refresh',
      grantType: 'refresh_token',
      outcome: 'rejected',
      httpStatus: 400,
      intuitError: 'invalid_grant',
      intuitTid: '1-abc-2',
      cause: 'revoked',
      message: 'Intuit refused the refresh token',
      details: { refreshTokenHash: 'a1b2c3d4e5f6', attempt: 2 },
    });
    expect(listEvents(database, { limit: 10 }).events).toEqual([stored]);
    expect(stored.details).toEqual({ refreshTokenHash: 'a1b2c3d4e5f6', attempt: 2 });
  });

  it('defaults missing fields to null', () => {
    const stored = appendEvent(database, { at: 1, companyId: null, kind: 'app_started' });
    expect(stored).toMatchObject({ grantType: null, outcome: null, httpStatus: null, details: null, companyId: null });
  });

  it('pages newest first by company and time without skipping or repeating', () => {
    for (let index = 0; index < 25; index += 1) {
      // Several events share a timestamp, so the id must break ties.
      appendEvent(database, { at: 1000 + Math.floor(index / 3), companyId: index % 2 === 0 ? 'even' : 'odd', kind: `k${index}` });
    }
    const seen: StoredEvent[] = [];
    let cursor: string | null = null;
    do {
      const page = listEvents(database, { companyId: 'even', limit: 4, cursor });
      seen.push(...page.events);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.map((event) => event.kind)).toEqual(
      Array.from({ length: 13 }, (_, position) => `k${24 - position * 2}`),
    );
    // An event appended between pages does not shift the next page.
    const first = listEvents(database, { limit: 5 });
    appendEvent(database, { at: 5000, companyId: 'even', kind: 'late' });
    const second = listEvents(database, { limit: 5, cursor: first.nextCursor });
    expect(second.events.map((event) => event.kind)).toEqual(['k19', 'k18', 'k17', 'k16', 'k15']);
  });

  it('filters by a time window', () => {
    for (let at = 0; at < 10; at += 1) {
      appendEvent(database, { at, companyId: 'c', kind: `at${at}` });
    }
    expect(listEvents(database, { since: 3, until: 6, limit: 10 }).events.map((event) => event.at)).toEqual([5, 4, 3]);
  });

  it('rejects a bad page size or cursor', () => {
    expect(() => listEvents(database, { limit: 0 })).toThrow(RangeError);
    expect(() => listEvents(database, { limit: 10, cursor: 'yesterday' })).toThrow(RangeError);
  });
});
