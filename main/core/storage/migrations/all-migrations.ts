import type { Migration } from '../migration';
import { migration0001Initial } from './0001-initial';
import { migration0002CompanyHealth } from './0002-company-health';
import { migration0003Seams } from './0003-seams';
import { migration0004JournalByToken } from './0004-journal-by-token';

/** Every migration, in order. Append only: a released migration is never edited. */
export const allMigrations: readonly Migration[] = [migration0001Initial, migration0002CompanyHealth, migration0003Seams, migration0004JournalByToken];
