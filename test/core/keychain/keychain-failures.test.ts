import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeArgumentsForTypescript, runProcess } from '../storage/fixtures/run-typescript';
import { createTemporaryDirectory } from '../storage/fixtures/temporary-database';
import { gnomeKeyringToolsGate, skipUnlessAvailable, uniqueKeychainService } from '../../support/system-requirements';

/**
 * The two failures a bookkeeper meets on Linux, produced for real: keytar in a process with no
 * D-Bus session, and keytar talking to a gnome-keyring that runs but is not unlocked. Each
 * child gets its own HOME and XDG directories, so nothing touches the developer's keyrings.
 */
const probeScript = fileURLToPath(new URL('./fixtures/probe-in-child.ts', import.meta.url));

interface ChildReport {
  readonly available: boolean;
  readonly backend: string;
  readonly code?: string;
  readonly message?: string;
  readonly cause?: string | null;
}

const temporary = createTemporaryDirectory('realmkeeper-keyring-');
afterAll(() => temporary.remove());

/** An environment with no session bus, display or runtime directory to find one through. */
function isolatedEnvironment(home: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR', 'REALMKEEPER_REQUIRE_SYSTEM']) {
    delete environment[name];
  }
  mkdirSync(join(home, '.cache'), { recursive: true });
  mkdirSync(join(home, 'data'), { recursive: true });
  mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 });
  return {
    ...environment,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_CONFIG_HOME: join(home, '.config'),
  };
}

function parseReport(stdout: string, stderr: string): ChildReport {
  const line = stdout.trim().split('\n').at(-1);
  if (line === undefined || line === '') {
    throw new Error(`The child printed no report. stderr:\n${stderr}`);
  }
  return JSON.parse(line) as ChildReport;
}

/** Runs the probe in a private D-Bus session; `keyringSetup` starts gnome-keyring first. */
async function probeInPrivateSession(home: string, keyringSetup: string): Promise<ChildReport> {
  const environment = { ...isolatedEnvironment(home), XDG_RUNTIME_DIR: join(home, 'run') };
  const script = `${keyringSetup} >/dev/null 2>&1; exec "$@"`;
  const result = await runProcess(
    'dbus-run-session',
    ['--', 'sh', '-c', script, 'probe', process.execPath, ...nodeArgumentsForTypescript(probeScript, [uniqueKeychainService('child')])],
    { env: environment, timeoutMs: 60_000 },
  );
  return parseReport(result.stdout, result.stderr);
}

const gate = gnomeKeyringToolsGate();

describe.runIf(process.platform === 'linux')('keychain with no D-Bus session', () => {
  it('reports keychain_unavailable with a message the bookkeeper can act on', async () => {
    const home = join(temporary.path, 'no-bus');
    const result = await runProcess(process.execPath, nodeArgumentsForTypescript(probeScript, [uniqueKeychainService('child')]), {
      env: isolatedEnvironment(home),
    });
    const report = parseReport(result.stdout, result.stderr);
    expect(report).toMatchObject({ available: false, backend: 'libsecret', code: 'keychain_unavailable' });
    expect(report.cause).toBe('Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(report.message).toMatch(/^The system keychain \(Secret Service\) is not running/);
  }, 30_000);
});

describe('keychain in a D-Bus session with gnome-keyring', () => {
  skipUnlessAvailable(gate);
  it('(control) answers when the login keyring is unlocked', async () => {
    const home = join(temporary.path, 'unlocked');
    const report = await probeInPrivateSession(home, 'printf pw | gnome-keyring-daemon --unlock --components=secrets');
    expect(report).toEqual({ available: true, backend: 'libsecret' });
  }, 60_000);

  it('reports keychain_locked when no login keyring has been created and unlocked', async () => {
    const home = join(temporary.path, 'no-login-keyring');
    const report = await probeInPrivateSession(home, 'gnome-keyring-daemon --start --components=secrets');
    expect(report).toMatchObject({ available: false, code: 'keychain_locked' });
    expect(report.cause).toMatch(/^Object does not exist at path .*\/org\/freedesktop\/secrets\/collection\/login/);
    expect(report.message).toContain('is locked');
  }, 60_000);

  it('reports keychain_locked when the login keyring exists but is locked', async () => {
    const home = join(temporary.path, 'locked-login-keyring');
    // First session: create and use the login keyring, then let the daemon exit with the session.
    const created = await probeInPrivateSession(home, 'printf pw | gnome-keyring-daemon --unlock --components=secrets');
    expect(created.available).toBe(true);
    // Second session: the keyring is on disk but nobody unlocks it, and no prompt can be shown.
    const report = await probeInPrivateSession(home, 'gnome-keyring-daemon --start --components=secrets');
    expect(report).toMatchObject({ available: false, code: 'keychain_locked' });
    expect(report.cause).toBe('Cannot create an item in a locked collection');
  }, 60_000);
});
