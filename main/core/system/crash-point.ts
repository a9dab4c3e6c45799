/**
 * Named places inside the exchange and the refresh where a test may kill this process outright,
 * to prove that a crash there loses nothing. Only a test sets `REALMKEEPER_TEST_CRASH_AT`: a
 * comma-separated list of names, each optionally `name@N` to crash the Nth time this process
 * passes there (a later refresh in one process, not the first). In a normal run this is one
 * environment lookup.
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

const passes = new Map<CrashPoint, number>();

export function crashPoint(name: CrashPoint): void {
  const wanted = process.env.REALMKEEPER_TEST_CRASH_AT;
  if (wanted === undefined || wanted === '') return;
  const pass = (passes.get(name) ?? 0) + 1;
  passes.set(name, pass);
  const hit = wanted.split(',').some((entry) => {
    const [point, nth] = entry.split('@');
    return point === name && (nth === undefined || Number(nth) === pass);
  });
  if (!hit) return;
  // SIGKILL, not exit: no finally block, no exit handler, no flush may run — as in a real crash.
  process.kill(process.pid, 'SIGKILL');
}
