import type { Migration } from '../migration';

/**
 * - Before every send, the refresh journal is asked whether this refresh token lost an answer and
 *   was sent again since (`lostAnswerResendSpent`). The journal is never pruned, so without an
 *   index on the token that question reads every entry the company ever wrote.
 * - The outage tolerance counts from a company's first refusal of the streak, not from its first
 *   failure of any kind: a keychain locked hours earlier must not shorten it to nothing.
 */
export const migration0004JournalByToken: Migration = {
  version: 4,
  name: 'journal by token, first refusal',
  up(database) {
    database.exec(`
      CREATE INDEX refresh_journal_by_token ON refresh_journal (company_id, refresh_token_hash);
      ALTER TABLE intuit_refusals ADD COLUMN first_refused_at INTEGER;
    `);
  },
};
