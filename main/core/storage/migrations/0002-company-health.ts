import type { Migration } from '../migration';

/**
 * What the engine knows about a company between refreshes, so every process (and the command
 * line) shows the same picture: when it was last verified, and while transient failures back
 * off, why, since when and until when. A company that is retrying is still `connected`.
 */
export const migration0002CompanyHealth: Migration = {
  version: 2,
  name: 'company-health',
  up(database) {
    database.exec(`
      ALTER TABLE companies ADD COLUMN last_checked_at INTEGER;
      ALTER TABLE companies ADD COLUMN retry_reason TEXT;
      ALTER TABLE companies ADD COLUMN retry_not_before INTEGER;
      ALTER TABLE companies ADD COLUMN failing_since INTEGER;
      ALTER TABLE companies ADD COLUMN failure_count INTEGER NOT NULL DEFAULT 0 CHECK (failure_count >= 0);
      ALTER TABLE companies ADD COLUMN expiry_warned_at INTEGER;
    `);
  },
};
