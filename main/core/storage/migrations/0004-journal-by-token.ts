import type { Migration } from '../migration';

/**
 * Before every send, the refresh journal is asked whether this refresh token lost an answer and
 * was sent again since (`lostAnswerResendSpent`). The journal is never pruned, so without an
 * index on the token that question reads every entry the company ever wrote.
 */
export const migration0004JournalByToken: Migration = {
  version: 4,
  name: 'journal by token',
  up(database) {
    database.exec('CREATE INDEX refresh_journal_by_token ON refresh_journal (company_id, refresh_token_hash)');
  },
};
