import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as dbusNative from '@homebridge/dbus-native';

const password = 'private-keyring';

interface DbusClient {
  invoke(message: Record<string, unknown>, callback: (error: unknown, ...values: unknown[]) => void): void;
  readonly connection: { end(): void };
}

/**
 * A D-Bus session and gnome-keyring of its own, for a test that locks the keychain: locking the
 * shared one would break every other test running beside it. Processes started with `env` use
 * it; `lock()` and `unlock()` do to it what a bookkeeper's screen lock and sign-in do.
 */
export class PrivateKeyring {
  private constructor(
    private readonly bus: ChildProcess,
    readonly env: Record<string, string>,
    private readonly home: string,
  ) {}

  static async start(): Promise<PrivateKeyring> {
    const home = mkdtempSync(join(tmpdir(), 'realmkeeper-keyring-'));
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const address = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: bus.stdout as NodeJS.ReadableStream });
      lines.once('line', (line) => resolve(line.trim()));
      bus.once('exit', (code) => reject(new Error(`dbus-daemon exited ${code}`)));
    });
    const env = { DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: home, XDG_RUNTIME_DIR: home };
    const keyring = new PrivateKeyring(bus, env, home);
    keyring.daemon(['--unlock', '--components=secrets']);
    return keyring;
  }

  /** Locks the login keyring, as a screen lock or a keyring timeout does. */
  lock(): void {
    const result = spawnSync(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'],
      { env: { ...process.env, ...this.env }, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`locking the keyring failed: ${result.stderr}`);
  }

  /**
   * Unlocks it with its password in the same daemon, as the unlock prompt does. gnome-keyring's
   * own interface for this takes the password through a Secret Service session, which lives only
   * as long as the D-Bus connection that opened it: hence a client library, not dbus-send.
   */
  async unlock(): Promise<void> {
    const bus = (dbusNative as unknown as { createClient(options: { busAddress: string }): DbusClient }).createClient({ busAddress: this.env.DBUS_SESSION_BUS_ADDRESS ?? '' });
    const call = (message: Record<string, unknown>) =>
      new Promise<unknown[]>((resolve, reject) => {
        bus.invoke({ destination: 'org.freedesktop.secrets', ...message }, (error, ...values) =>
          error === undefined || error === null ? resolve(values) : reject(new Error(JSON.stringify(error))),
        );
      });
    try {
      // Answers (output, session path): the plain algorithm has no output worth reading.
      const [, session] = await call({ path: '/org/freedesktop/secrets', interface: 'org.freedesktop.Secret.Service', member: 'OpenSession', signature: 'sv', body: ['plain', ['s', '']] });
      await call({
        path: '/org/freedesktop/secrets',
        interface: 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface',
        member: 'UnlockWithMasterPassword',
        signature: 'o(oayays)',
        body: ['/org/freedesktop/secrets/collection/login', [session, Buffer.alloc(0), Buffer.from(password), 'text/plain']],
      });
    } finally {
      bus.connection.end();
    }
  }

  /** Ending the bus ends the keyring daemons on it (they leave with their session). */
  close(): void {
    this.bus.kill('SIGTERM');
    rmSync(this.home, { recursive: true, force: true });
  }

  private daemon(args: readonly string[]): void {
    const result = spawnSync('gnome-keyring-daemon', [...args], { env: { ...process.env, ...this.env }, input: password, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`gnome-keyring-daemon ${args.join(' ')} failed: ${result.stderr}`);
  }
}
