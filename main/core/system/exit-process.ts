import { keychainCallsStuck } from '../keychain/keytar-secret-store';

/**
 * Ends the process with `code` once its output is written. Node's exit waits for its worker
 * threads, and a keychain call that never answered (an unlock prompt nobody will answer) holds
 * one forever: measured, `realmkeeper connect` then never ended. In that case only, the process
 * says so and ends itself with SIGKILL, which waits for nothing (its status is then 137).
 */
export function exitProcess(code: number, stderr: NodeJS.WritableStream = process.stderr): void {
  const stuck = keychainCallsStuck();
  if (stuck === 0) {
    process.stdout.write('', () => process.exit(code));
    return;
  }
  stderr.write(`realmkeeper: the system keychain never answered ${stuck === 1 ? 'a call' : `${stuck} calls`}; ending without waiting for it (exit status ${code} intended).\n`, () => {
    process.stdout.write('', () => process.kill(process.pid, 'SIGKILL'));
  });
}
