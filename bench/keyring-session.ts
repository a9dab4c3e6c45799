import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeytarSecretStore } from '../main/core/keychain/keytar-secret-store';
import { probeKeychain } from '../main/core/keychain/probe-keychain';

/** Set in the re-started runner so that it never starts a second session. */
const insideSessionVariable = 'REALMKEEPER_BENCH_KEYRING_SESSION';

export interface KeychainChoice {
  readonly available: boolean;
  /** What the report says about the keychain the figures came from. */
  readonly label: string;
}

export async function probeSystemKeychain(): Promise<KeychainChoice> {
  const probe = await probeKeychain(createKeytarSecretStore({ service: `Realmkeeper-bench-probe-${process.pid}` }));
  if (probe.available) return { available: true, label: `system keychain (${probe.backend})` };
  return { available: false, label: `in-memory store: the system keychain did not answer (${probe.error.code})` };
}

function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$0"', command], { stdio: 'ignore' }).status === 0;
}

/**
 * Where no keychain answers but gnome-keyring is installed (a server, CI), runs the bench again
 * inside a private D-Bus session with a throwaway unlocked keyring, as the README's test
 * instructions do by hand, so that the figures are the real keychain's. Resolves to the child's
 * exit code, or undefined when that is not possible (the caller then falls back to memory).
 */
export async function rerunInsideKeyringSession(argv: readonly string[]): Promise<number | undefined> {
  if (process.platform !== 'linux' || process.env[insideSessionVariable] === '1') return undefined;
  if (!commandExists('dbus-run-session') || !commandExists('gnome-keyring-daemon')) return undefined;
  const keyringHome = mkdtempSync(join(tmpdir(), 'realmkeeper-bench-keyring-'));
  const script = 'echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'sh', process.execPath, ...process.execArgv, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, XDG_DATA_HOME: keyringHome, [insideSessionVariable]: '1' },
  });
  const code = await new Promise<number>((resolve) => child.once('close', (exitCode) => resolve(exitCode ?? 1)));
  rmSync(keyringHome, { recursive: true, force: true });
  return code;
}
