import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migration0001Initial } from '../../../../main/core/storage/migrations/0001-initial';
import { allMigrations } from '../../../../main/core/storage/migrations/all-migrations';

let database: BetterSqlite3.Database;

beforeEach(() => {
  database = new BetterSqlite3(':memory:');
  database.pragma('foreign_keys = ON');
  migration0001Initial.up(database);
});

function columns(table: string): string[] {
  return database
    .prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`)
    .pluck()
    .all(table)
    .map(String);
}

function insertCompany(values: Partial<Record<string, unknown>> = {}): void {
  const row = {
    id: 'c1',
    realm_id: '9341453050000001',
    environment: 'sandbox',
    name: 'Bakery',
    client_id_fingerprint: 'abc',
    status: 'connected',
    created_at: 1,
    updated_at: 1,
    ...values,
  };
  database
    .prepare(
      `INSERT INTO companies (id, realm_id, environment, name, client_id_fingerprint, status, created_at, updated_at)
       VALUES (@id, @realm_id, @environment, @name, @client_id_fingerprint, @status, @created_at, @updated_at)`,
    )
    .run(row);
}

describe('migration 0001 initial', () => {
  it('is version 1 and the first in the list', () => {
    expect(migration0001Initial.version).toBe(1);
    expect(allMigrations[0]).toBe(migration0001Initial);
  });

  it('creates the tables with the documented columns', () => {
    expect(columns('companies')).toEqual([
      'id', 'realm_id', 'environment', 'name', 'client_id_fingerprint', 'status', 'cause',
      'last_refresh_at', 'access_expires_at', 'refresh_expires_at', 'refresh_hard_expires_at',
      'token_generation', 'created_at', 'updated_at',
    ]);
    expect(columns('pending_authorizations')).toEqual([
      'state_hash', 'environment', 'client_id_fingerprint', 'redirect_uri', 'target_company_id',
      'created_at', 'status', 'consumed_at',
    ]);
    expect(columns('code_ledger')).toEqual(['code_hash', 'state_hash', 'consumed_at', 'outcome', 'settled_at']);
    expect(columns('leases')).toEqual(['company_id', 'owner', 'expires_at', 'generation']);
    expect(columns('refresh_journal')).toEqual([
      'id', 'company_id', 'lease_generation', 'token_generation', 'refresh_token_hash', 'sent_at',
      'outcome', 'settled_at',
    ]);
    expect(columns('events')).toEqual([
      'id', 'at', 'company_id', 'kind', 'grant_type', 'outcome', 'http_status', 'intuit_error',
      'intuit_tid', 'cause', 'message', 'details',
    ]);
  });

  it('has no column that could hold a secret in the clear', () => {
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all().map(String);
    const names = tables.flatMap((table) => columns(table));
    const suspicious = names.filter((name) => /token|code|state|secret/.test(name) && !/hash|generation|status|http_status/.test(name));
    expect(suspicious).toEqual([]);
  });

  it('keeps one company per realm and environment', () => {
    insertCompany();
    expect(() => insertCompany({ id: 'c2' })).toThrow(/UNIQUE/);
    insertCompany({ id: 'c3', environment: 'production' });
  });

  it('rejects an unknown environment, status or a realm id with letters', () => {
    expect(() => insertCompany({ environment: 'staging' })).toThrow(/CHECK/);
    expect(() => insertCompany({ status: 'fine' })).toThrow(/CHECK/);
    expect(() => insertCompany({ realm_id: '93414abc' })).toThrow(/CHECK/);
    expect(() => insertCompany({ created_at: 'yesterday' })).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('ties consumed_at to the consumed status', () => {
    const insert = database.prepare(
      `INSERT INTO pending_authorizations (state_hash, environment, client_id_fingerprint, redirect_uri, created_at, status, consumed_at)
       VALUES (?, 'sandbox', 'f', 'http://localhost:8080/callback', 1, ?, ?)`,
    );
    expect(() => insert.run('s1', 'consumed', null)).toThrow(/CHECK/);
    expect(() => insert.run('s2', 'pending', 5)).toThrow(/CHECK/);
    insert.run('s3', 'consumed', 5);
    insert.run('s4', 'pending', null);
  });

  it('makes code hashes unique and requires their state', () => {
    database
      .prepare(
        `INSERT INTO pending_authorizations (state_hash, environment, client_id_fingerprint, redirect_uri, created_at)
         VALUES ('s', 'sandbox', 'f', 'u', 1)`,
      )
      .run();
    const insertCode = database.prepare('INSERT INTO code_ledger (code_hash, state_hash, consumed_at) VALUES (?, ?, 2)');
    insertCode.run('c', 's');
    expect(() => insertCode.run('c', 's')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insertCode.run('d', 'missing')).toThrow(/FOREIGN KEY/);
  });

  it('removes leases and journal entries with their company but keeps its events', () => {
    insertCompany();
    database.prepare("INSERT INTO leases (company_id, owner, expires_at, generation) VALUES ('c1', 'o', 10, 1)").run();
    database
      .prepare(
        `INSERT INTO refresh_journal (company_id, lease_generation, token_generation, refresh_token_hash, sent_at)
         VALUES ('c1', 1, 1, 'h', 1)`,
      )
      .run();
    database.prepare("INSERT INTO events (at, company_id, kind) VALUES (1, 'c1', 'refresh')").run();
    database.prepare("DELETE FROM companies WHERE id = 'c1'").run();
    expect(database.prepare('SELECT count(*) FROM leases').pluck().get()).toBe(0);
    expect(database.prepare('SELECT count(*) FROM refresh_journal').pluck().get()).toBe(0);
    expect(database.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
  });

  it('accepts only valid JSON in event details', () => {
    const insert = database.prepare("INSERT INTO events (at, kind, details) VALUES (1, 'k', ?)");
    insert.run('{"a":1}');
    insert.run(null);
    expect(() => insert.run('{not json')).toThrow(/CHECK/);
  });
});
