import type { Migration } from '../migration';

/**
 * The first schema. Secrets never reach these tables: tokens, codes and states appear only as
 * SHA-256 hashes. Timestamps are Unix milliseconds. Tables are STRICT so a wrong type is an
 * error at the statement, not a surprise at read time.
 */
export const migration0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(database) {
    database.exec(`
      CREATE TABLE companies (
        id TEXT PRIMARY KEY NOT NULL,
        realm_id TEXT NOT NULL
          CHECK (length(realm_id) BETWEEN 1 AND 32 AND realm_id NOT GLOB '*[^0-9]*'),
        environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')),
        name TEXT NOT NULL,
        client_id_fingerprint TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('connected', 'needs_reconnect', 'disconnected')),
        cause TEXT,
        last_refresh_at INTEGER,
        access_expires_at INTEGER,
        refresh_expires_at INTEGER,
        refresh_hard_expires_at INTEGER,
        token_generation INTEGER NOT NULL DEFAULT 0 CHECK (token_generation >= 0),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (environment, realm_id)
      ) STRICT;

      CREATE TABLE pending_authorizations (
        state_hash TEXT PRIMARY KEY NOT NULL,
        environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')),
        client_id_fingerprint TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        target_company_id TEXT REFERENCES companies (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'consumed', 'expired', 'cancelled')),
        consumed_at INTEGER,
        CHECK ((status = 'consumed') = (consumed_at IS NOT NULL))
      ) STRICT;
      CREATE INDEX pending_authorizations_by_status
        ON pending_authorizations (status, created_at);

      CREATE TABLE code_ledger (
        code_hash TEXT PRIMARY KEY NOT NULL,
        state_hash TEXT NOT NULL REFERENCES pending_authorizations (state_hash),
        consumed_at INTEGER NOT NULL,
        outcome TEXT NOT NULL DEFAULT 'unknown'
          CHECK (outcome IN ('unknown', 'succeeded', 'failed')),
        settled_at INTEGER
      ) STRICT;

      -- A released lease keeps its row (owner NULL) so the generation never repeats for a company.
      CREATE TABLE leases (
        company_id TEXT PRIMARY KEY NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        owner TEXT,
        expires_at INTEGER NOT NULL,
        generation INTEGER NOT NULL CHECK (generation >= 1)
      ) STRICT;

      CREATE TABLE refresh_journal (
        id INTEGER PRIMARY KEY,
        company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        lease_generation INTEGER NOT NULL,
        token_generation INTEGER NOT NULL,
        refresh_token_hash TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        outcome TEXT NOT NULL DEFAULT 'sent'
          CHECK (outcome IN ('sent', 'succeeded', 'rejected', 'failed', 'unknown')),
        settled_at INTEGER
      ) STRICT;
      CREATE INDEX refresh_journal_by_company ON refresh_journal (company_id, sent_at);

      -- No foreign key on company_id: the history of a company outlives the company.
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        company_id TEXT,
        kind TEXT NOT NULL,
        grant_type TEXT CHECK (grant_type IN ('authorization_code', 'refresh_token')),
        outcome TEXT,
        http_status INTEGER,
        intuit_error TEXT,
        intuit_tid TEXT,
        cause TEXT,
        message TEXT,
        details TEXT CHECK (details IS NULL OR json_valid(details))
      ) STRICT;
      CREATE INDEX events_by_company ON events (company_id, at, id);
      CREATE INDEX events_by_time ON events (at, id);
    `);
  },
};
