import type { Migration } from '../migration';

/**
 * What the seams of a refresh need to be shared by every process on the machine:
 * - a lease names the process that holds it (its liveness lock and pid) and since when, instead
 *   of trusting a wall-clock expiry: a live holder is never robbed, a dead one frees it at once;
 * - Intuit's refusals of good-looking tokens are evidence of an outage that every process reads,
 *   not a memory of one process;
 * - a company flagged while such evidence stood is checked again once Intuit answers.
 */
export const migration0003Seams: Migration = {
  version: 3,
  name: 'seams',
  up(database) {
    database.exec(`
      ALTER TABLE leases ADD COLUMN holder_pid INTEGER;
      ALTER TABLE leases ADD COLUMN held_since INTEGER;

      CREATE TABLE intuit_refusals (
        environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')),
        company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        refused_at INTEGER NOT NULL,
        PRIMARY KEY (environment, company_id)
      ) STRICT;

      ALTER TABLE companies ADD COLUMN recheck_after_outage INTEGER NOT NULL DEFAULT 0
        CHECK (recheck_after_outage IN (0, 1));
    `);
  },
};
