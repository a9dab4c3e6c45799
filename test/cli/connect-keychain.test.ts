import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useHarness, type EngineHarness } from '../support/engine-harness';
import { gnomeKeyringToolsGate } from '../support/system-requirements';
import { builtCliPath, cliEnvironment, useCliBuild, type CliRun } from './cli-process';

vi.setConfig({ testTimeout: 90_000 });

useCliBuild();

const keyringTools = gnomeKeyringToolsGate();

interface PrivateSessionConnect {
  /** The child's own D-Bus session, so the test can lock its keyring from outside. */
  readonly busAddress: Promise<string>;
  readonly authorizationUrl: Promise<string | undefined>;
  readonly result: Promise<CliRun>;
}

/**
 * `realmkeeper connect` in a D-Bus session of its own, with a gnome-keyring that `keyringSetup`
 * starts (unlocked or not), and a keyring folder of its own: nothing touches the test run's keyring.
 */
function connectInPrivateSession(harness: EngineHarness, folder: string, keyringSetup: string): PrivateSessionConnect {
  mkdirSync(join(folder, 'data'), { recursive: true });
  mkdirSync(join(folder, 'run'), { recursive: true, mode: 0o700 });
  const env = cliEnvironment(harness, {
    DBUS_SESSION_BUS_ADDRESS: undefined,
    DISPLAY: undefined,
    WAYLAND_DISPLAY: undefined,
    XDG_DATA_HOME: join(folder, 'data'),
    XDG_RUNTIME_DIR: join(folder, 'run'),
  });
  const script = `${keyringSetup} >/dev/null 2>&1; echo "bus=$DBUS_SESSION_BUS_ADDRESS" >&2; exec "$@"`;
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'connect', process.execPath, builtCliPath(), 'connect', '--env', 'sandbox', '--no-browser'], { env });
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const result = new Promise<CliRun>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, durationMs: performance.now() - started })));
  const busAddress = new Promise<string>((resolve) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.startsWith('bus=')) resolve(line.slice('bus='.length));
      // gnome-keyring and dbus-daemon talk on stderr too; keep only Realmkeeper's own lines.
      else if (line.startsWith('realmkeeper:') || line.startsWith('Waiting')) stderr += `${line}\n`;
    });
  });
  const authorizationUrl = new Promise<string | undefined>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout += `${line}\n`;
      if (/^https?:\/\//.test(line)) resolve(line.trim());
    });
    void result.then(() => resolve(undefined));
  });
  return { busAddress, authorizationUrl, result };
}

function lockLoginKeyring(busAddress: string): void {
  const locked = spawnSync(
    'dbus-send',
    [`--bus=${busAddress}`, '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'],
    { encoding: 'utf8' },
  );
  if (locked.status !== 0) throw new Error(`locking the keyring failed: ${locked.stderr}`);
}

describe.skipIf(!keyringTools.run)('connect with a locked keychain spends no code', () => {
  let harness: EngineHarness;
  let folder: string;

  useHarness((created) => {
    harness = created;
    folder = mkdtempSync(join(tmpdir(), 'realmkeeper-locked-keyring-'));
  });
  afterEach(() => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it('refuses to open Intuit’s page when the keychain is locked at the start, and exits 5', async () => {
    const connect = connectInPrivateSession(harness, folder, 'gnome-keyring-daemon --start --components=secrets');
    expect(await connect.authorizationUrl).toBeUndefined();
    const run = await connect.result;
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^realmkeeper: .*is locked\. Unlock it/);
    expect(await harness.admin.tokenCalls()).toHaveLength(0);
  });

  it('records the code as failed without sending it when the keychain locks while the browser is open', async () => {
    const connect = connectInPrivateSession(harness, folder, 'printf pw | gnome-keyring-daemon --unlock --components=secrets');
    const authorizationUrl = await connect.authorizationUrl;
    if (authorizationUrl === undefined) throw new Error(`connect printed no address: ${(await connect.result).stderr}`);
    lockLoginKeyring(await connect.busAddress);

    const delivered = await harness.deliver(await harness.consent(authorizationUrl, await harness.realmOf("Larry's Bakery")));
    expect(delivered.page).toContain('The company was not connected');
    const run = await connect.result;
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('keychain_unavailable');
    expect(run.stderr).toContain('Unlock your keychain and connect again; nothing was sent to Intuit.');
    // The simulator's own record: no code reached Intuit's token endpoint.
    expect((await harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code')).toHaveLength(0);
  });
});
