import type { Migration } from '../migration';
import { migration0001Initial } from './0001-initial';
import { migration0002CompanyHealth } from './0002-company-health';
import { migration0003Seams } from './0003-seams';

/** Every migration, in order. Append only: a released migration is never edited. */
export const allMigrations: readonly Migration[] = [migration0001Initial, migration0002CompanyHealth, migration0003Seams];
