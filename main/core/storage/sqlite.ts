import type BetterSqlite3 from 'better-sqlite3';

/** The one place that names the SQLite binding's type, so a change of binding touches one file. */
export type SqliteDatabase = BetterSqlite3.Database;
