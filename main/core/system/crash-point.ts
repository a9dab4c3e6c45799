/**
 * Named places inside the exchange and the refresh where a test may kill this process outright,
 * to prove that a crash there loses nothing. Only a test sets `REALMKEEPER_TEST_CRASH_AT` (a
 * comma-separated list of names); in a normal run this is one environment lookup.
 */
export type CrashPoint =
  | 'refresh_before_send'
  | 'refresh_after_answer'
  | 'refresh_after_keychain_write'
  | 'refresh_after_database_write'
  | 'exchange_before_send'
  | 'exchange_after_answer'
  | 'exchange_after_keychain_write'
  | 'exchange_after_database_write';

export function crashPoint(name: CrashPoint): void {
  const wanted = process.env.REALMKEEPER_TEST_CRASH_AT;
  if (wanted === undefined || wanted === '') return;
  if (!wanted.split(',').includes(name)) return;
  // SIGKILL, not exit: no finally block, no exit handler, no flush may run — as in a real crash.
  process.kill(process.pid, 'SIGKILL');
}
