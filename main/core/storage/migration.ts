import type { SqliteDatabase } from './sqlite';

/** One numbered schema change. `up` runs inside the runner's transaction and must not commit. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(database: SqliteDatabase): void;
}
