import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizationMaxAgeMs,
  cancelPendingAuthorization,
  consumeCallback,
  consumeState,
  createPendingAuthorization,
  expireStale,
  getCodeLedgerEntry,
  getPendingAuthorization,
  listPendingAuthorizations,
  listUnsettledCodes,
  recordExchangeOutcome,
} from '../../../main/core/storage/authorization-ledger';
import { hashSecret } from '../../../main/core/storage/hash-secret';
import { openDatabase } from '../../../main/core/storage/open-database';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { openTemporaryDatabase } from './fixtures/temporary-database';
import type { TemporaryDatabase } from './fixtures/temporary-database';
import { addSampleCompany } from './fixtures/sample-company';

const createdAt = 1_700_000_000_000;
let temporary: TemporaryDatabase;
let database: SqliteDatabase;

beforeEach(() => {
  temporary = openTemporaryDatabase();
  database = temporary.database;
});
afterEach(() => temporary.close());

function pending(state: string, now = createdAt, targetCompanyId: string | null = null) {
  return createPendingAuthorization(
    database,
    {
      stateHash: hashSecret(state),
      environment: 'sandbox',
      clientIdFingerprint: 'a1b2c3d4e5f6',
      redirectUri: 'http://localhost:8080/callback',
      targetCompanyId,
    },
    now,
  );
}

describe('consumeState', () => {
  it('consumes a fresh state once and refuses it after', () => {
    pending('state-1');
    const first = consumeState(database, hashSecret('state-1'), createdAt + 1000);
    expect(first.kind).toBe('consumed');
    expect(first.kind === 'consumed' && first.authorization.redirectUri).toBe('http://localhost:8080/callback');
    expect(consumeState(database, hashSecret('state-1'), createdAt + 2000)).toEqual({
      kind: 'already_consumed',
      consumedAt: createdAt + 1000,
    });
  });

  it('reports a state it never issued as unknown', () => {
    expect(consumeState(database, hashSecret('never'), createdAt)).toEqual({ kind: 'unknown' });
  });

  it('refuses a state at or past ten minutes as expired, and the state stays unusable', () => {
    pending('old');
    expect(consumeState(database, hashSecret('old'), createdAt + authorizationMaxAgeMs).kind).toBe('expired');
    expect(getPendingAuthorization(database, hashSecret('old'))?.status).toBe('pending');
    pending('fresh');
    expect(consumeState(database, hashSecret('fresh'), createdAt + authorizationMaxAgeMs - 1).kind).toBe('consumed');
  });

  it('refuses a cancelled state', () => {
    pending('cancel-me');
    expect(cancelPendingAuthorization(database, hashSecret('cancel-me'))).toBe(true);
    expect(consumeState(database, hashSecret('cancel-me'), createdAt).kind).toBe('cancelled');
  });

  it('keeps the reconnect target', () => {
    const company = addSampleCompany(database);
    pending('reconnect', createdAt, company.id);
    const result = consumeState(database, hashSecret('reconnect'), createdAt + 1);
    expect(result.kind === 'consumed' && result.authorization.targetCompanyId).toBe(company.id);
  });

  it('lets exactly one of any number of deliveries through, whatever their timing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: authorizationMaxAgeMs * 2 }), { minLength: 1, maxLength: 12 }), (offsets) => {
        const state = `state-${Math.random()}`;
        pending(state);
        const results = offsets.map((offset) => consumeState(database, hashSecret(state), createdAt + offset));
        const consumed = results.filter((result) => result.kind === 'consumed').length;
        const anyInTime = offsets.some((offset) => offset < authorizationMaxAgeMs);
        expect(consumed).toBe(anyInTime ? 1 : 0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('consumeCallback', () => {
  it('consumes the state and records the code as spent with an unknown outcome', () => {
    pending('s');
    const result = consumeCallback(database, { stateHash: hashSecret('s'), codeHash: hashSecret('code') }, createdAt + 5);
    expect(result.kind).toBe('consumed');
    expect(getCodeLedgerEntry(database, hashSecret('code'))).toEqual({
      codeHash: hashSecret('code'),
      stateHash: hashSecret('s'),
      consumedAt: createdAt + 5,
      outcome: 'unknown',
      settledAt: null,
    });
    expect(listUnsettledCodes(database).map((entry) => entry.codeHash)).toEqual([hashSecret('code')]);
  });

  it('refuses the same callback delivered twice', () => {
    pending('s');
    const input = { stateHash: hashSecret('s'), codeHash: hashSecret('code') };
    expect(consumeCallback(database, input, createdAt + 1).kind).toBe('consumed');
    expect(consumeCallback(database, input, createdAt + 2).kind).toBe('code_already_seen');
  });

  it('refuses a code seen before even with a fresh state, and leaves that state pending', () => {
    pending('first');
    pending('second');
    consumeCallback(database, { stateHash: hashSecret('first'), codeHash: hashSecret('code') }, createdAt + 1);
    const result = consumeCallback(database, { stateHash: hashSecret('second'), codeHash: hashSecret('code') }, createdAt + 2);
    expect(result).toEqual({ kind: 'code_already_seen' });
    expect(getPendingAuthorization(database, hashSecret('second'))?.status).toBe('pending');
  });

  it('records no code when the state is refused', () => {
    expect(consumeCallback(database, { stateHash: hashSecret('nope'), codeHash: hashSecret('code') }, createdAt).kind).toBe('unknown');
    expect(getCodeLedgerEntry(database, hashSecret('code'))).toBeUndefined();
  });

  it('lets one of two connections to the same file through', () => {
    pending('shared');
    const second = openDatabase({ path: temporary.path });
    try {
      const input = { stateHash: hashSecret('shared'), codeHash: hashSecret('code') };
      const results = [consumeCallback(second, input, createdAt + 1), consumeCallback(database, input, createdAt + 1)];
      expect(results.map((result) => result.kind).sort()).toEqual(['code_already_seen', 'consumed']);
    } finally {
      second.close();
    }
  });
});

describe('recordExchangeOutcome', () => {
  it('settles a spent code once', () => {
    pending('s');
    consumeCallback(database, { stateHash: hashSecret('s'), codeHash: hashSecret('code') }, createdAt);
    expect(recordExchangeOutcome(database, hashSecret('code'), 'succeeded', createdAt + 900)).toBe(true);
    expect(recordExchangeOutcome(database, hashSecret('code'), 'failed', createdAt + 901)).toBe(false);
    expect(getCodeLedgerEntry(database, hashSecret('code'))).toMatchObject({ outcome: 'succeeded', settledAt: createdAt + 900 });
    expect(listUnsettledCodes(database)).toEqual([]);
    expect(recordExchangeOutcome(database, hashSecret('other'), 'failed', createdAt)).toBe(false);
  });
});

describe('expireStale', () => {
  it('marks only pending attempts past their age', () => {
    pending('old', createdAt);
    pending('young', createdAt + 5 * 60 * 1000);
    pending('used', createdAt);
    consumeState(database, hashSecret('used'), createdAt + 1);
    const now = createdAt + authorizationMaxAgeMs + 1;
    expect(expireStale(database, now)).toBe(1);
    expect(getPendingAuthorization(database, hashSecret('old'))?.status).toBe('expired');
    expect(getPendingAuthorization(database, hashSecret('used'))?.status).toBe('consumed');
    expect(listPendingAuthorizations(database, now).map((row) => row.stateHash)).toEqual([hashSecret('young')]);
    expect(consumeState(database, hashSecret('old'), createdAt + 2).kind).toBe('expired');
  });
});
