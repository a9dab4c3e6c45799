import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionEngine, type EngineOptions } from '../../main/core/engine/connection-engine';
import type { EngineEvent } from '../../main/core/engine/engine-event';
import { findFreeLoopbackPort } from '../../main/app/free-port';
import { createMemorySecretStore } from '../../main/app/memory-secret-store';
import { createKeytarSecretStore } from '../../main/core/keychain/keytar-secret-store';
import type { SecretStore } from '../../main/core/keychain/secret-store';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../main/simulator/index';
import { SimulatorAdmin } from './simulator-admin';
import { simulatorEnvironment } from './simulator-environment';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { keychainGate, removeAllSecrets, uniqueKeychainService, type SystemGate } from './system-requirements';

/** The app's own free-port finder, under the name the tests use. */
export const freeLoopbackPort = findFreeLoopbackPort;

/**
 * Where a harness keeps secrets. `memory` (the default) is one in-memory store every engine of
 * the harness shares, so tests of the engine run and stay fast without a keyring; `system` is
 * the real keychain under a throwaway service name, for tests where the keychain is what is
 * tested or where other processes (the command line) must read what this one stored.
 */
export type HarnessKeychain = 'memory' | 'system';

export interface HarnessOptions {
  readonly simulator?: SimulatorOptions;
  readonly keychain?: HarnessKeychain;
  /**
   * With the system keychain, `useHarness` skips its tests where the keychain does not answer;
   * false for command-line tests that fail before any process touches it (usage, settings).
   */
  readonly skipWithoutKeychain?: boolean;
}

/**
 * A real engine (real SQLite file, the in-memory secret store or the real keychain) pointed at
 * a real simulator over HTTP, with one clock for both: `advanceClock` moves the simulator and
 * the engine together, so 100 days pass in a test in milliseconds.
 */
export class EngineHarness {
  readonly events: EngineEvent[] = [];
  private clockOffsetMs = 0;
  private readonly engines: ConnectionEngine[] = [];

  private constructor(
    readonly simulator: RunningSimulator,
    readonly admin: SimulatorAdmin,
    readonly home: string,
    readonly keychainService: string,
    readonly redirectUri: string,
    readonly secrets: SecretStore,
    readonly keychain: HarnessKeychain,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<EngineHarness> {
    const port = await freeLoopbackPort();
    const redirectUri = `http://localhost:${port}/callback`;
    const simulator = await startSimulator({ ...options.simulator, clients: { sandbox: { redirectUris: [redirectUri] } } });
    const home = mkdtempSync(join(tmpdir(), 'realmkeeper-engine-'));
    const keychainService = uniqueKeychainService('engine');
    const keychain = options.keychain ?? 'memory';
    const secrets = keychain === 'system' ? createKeytarSecretStore({ service: keychainService }) : createMemorySecretStore(keychainService);
    return new EngineHarness(simulator, new SimulatorAdmin(simulator.url), home, keychainService, redirectUri, secrets, keychain);
  }

  /** The environment variables a real run would set to point Realmkeeper at this simulator. */
  environment(): Record<string, string> {
    return {
      REALMKEEPER_HOME: this.home,
      REALMKEEPER_KEYCHAIN_SERVICE: this.keychainService,
      ...simulatorEnvironment(this.simulator, { sandbox: this.redirectUri }),
    };
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  async advanceClock(milliseconds: number): Promise<void> {
    await this.admin.advanceClock(milliseconds);
    this.clockOffsetMs += milliseconds;
  }

  async openEngine(options: Partial<EngineOptions> = {}): Promise<ConnectionEngine> {
    const engine = await ConnectionEngine.open({
      env: this.environment(),
      now: () => this.now(),
      confirmDelayMs: 10,
      callbackLingerMs: 1_000,
      onEvent: (event) => this.events.push(event),
      // With the system keychain each engine opens its own store under the service name, as a process does.
      ...(this.keychain === 'memory' ? { secretStore: this.secrets } : {}),
      ...options,
    });
    this.engines.push(engine);
    return engine;
  }

  /** Plays the bookkeeper in the browser: consent to a realm, returning Intuit's redirect. */
  async consent(authorizationUrl: string, realmId: string): Promise<string> {
    const { redirectUrl } = await this.admin.connect({ authorizationUrl, realmId });
    return redirectUrl;
  }

  /** Delivers the redirect to the loopback listener as a browser would, following to the result page. */
  async deliver(redirectUrl: string): Promise<{ status: number; location: string | null; page: string }> {
    const first = await fetch(redirectUrl, { redirect: 'manual' });
    await first.text();
    const location = first.headers.get('location');
    if (location === null) return { status: first.status, location, page: '' };
    const page = await fetch(new URL(location, redirectUrl));
    return { status: first.status, location, page: await page.text() };
  }

  async realmOf(companyName: string, environment: 'sandbox' | 'production' = 'sandbox'): Promise<string> {
    const company = (await this.admin.companies(environment)).find((candidate) => candidate.companyName === companyName);
    if (company === undefined) throw new Error(`The simulator has no ${environment} company ${companyName}`);
    return company.realmId;
  }

  async close(): Promise<void> {
    await Promise.all(this.engines.map((engine) => engine.close().catch(() => undefined)));
    await this.simulator.close();
    await removeAllSecrets(this.secrets).catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * A fresh harness for every test (and, with `useEngineHarness`, an engine on it), closed after
 * the test. With the system keychain, skipped where the keychain is missing unless
 * REALMKEEPER_REQUIRE_SYSTEM=1.
 */
export function useHarness(onReady: (harness: EngineHarness) => Promise<void> | void, options: HarnessOptions = {}): void {
  let gate: SystemGate | undefined;
  let current: EngineHarness | undefined;
  beforeAll(async () => {
    gate = options.keychain === 'system' && options.skipWithoutKeychain !== false ? await keychainGate() : { run: true, reason: 'no keychain needed' };
  });
  beforeEach(async (context) => {
    if (gate?.run !== true) {
      context.skip(gate?.reason);
      return;
    }
    current = await EngineHarness.start(options);
    await onReady(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}

export function useEngineHarness(onReady: (setup: { harness: EngineHarness; engine: ConnectionEngine }) => void, options: HarnessOptions = {}): void {
  useHarness(async (harness) => onReady({ harness, engine: await harness.openEngine() }), options);
}
