import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySecretStore } from '../main/app/memory-secret-store';
import { findFreeLoopbackPort } from '../main/app/free-port';
import { ConnectionEngine, type EngineOptions } from '../main/core/engine/connection-engine';
import { createKeytarSecretStore } from '../main/core/keychain/keytar-secret-store';
import type { SecretStore } from '../main/core/keychain/secret-store';
import { SimulatorAdmin } from '../test/support/simulator-admin';
import { benchCompanyInputs, startSimulatorProcess, type SimulatorProcess } from './simulator-process';

/**
 * One simulator and one data folder (real SQLite file, real keychain under a throwaway service
 * name) shared by the benchmarks that build on each other's companies, with one clock for the
 * simulator and the engines in this process: `advanceClock` moves both, so "a day later" costs
 * nothing. Processes started from here (the command line, the browser shell) get the offset
 * through REALMKEEPER_CLOCK_OFFSET_MS where they read it.
 */
export class BenchWorld {
  clockOffsetMs = 0;
  private readonly engines = new Set<ConnectionEngine>();
  /** Realm ids already connected here, so `connectUpTo` only adds the missing ones. */
  readonly connectedRealms: string[] = [];

  private constructor(
    readonly entry: string,
    readonly simulator: SimulatorProcess,
    readonly admin: SimulatorAdmin,
    readonly home: string,
    readonly keychainService: string,
    readonly secrets: SecretStore,
    readonly keychainIsSystem: boolean,
    readonly redirectUri: string,
    readonly realmIds: readonly string[],
  ) {}

  static async start(input: { entry: string; companies: number; systemKeychain: boolean; label: string }): Promise<BenchWorld> {
    const redirectUri = `http://localhost:${await findFreeLoopbackPort()}/callback`;
    const simulator = await startSimulatorProcess(input.entry, input.companies, redirectUri);
    const home = mkdtempSync(join(tmpdir(), `realmkeeper-bench-${input.label}-`));
    const keychainService = `Realmkeeper-bench-${input.label}-${process.pid}-${Date.now()}`;
    const secrets = input.systemKeychain ? createKeytarSecretStore({ service: keychainService }) : createMemorySecretStore(`${keychainService} (in memory)`);
    const realmIds = benchCompanyInputs(input.companies).map((company) => company.realmId ?? '');
    return new BenchWorld(input.entry, simulator, new SimulatorAdmin(simulator.description.url), home, keychainService, secrets, input.systemKeychain, redirectUri, realmIds);
  }

  /** The variables a real run sets to point Realmkeeper at this simulator and data folder. */
  environment(): Record<string, string> {
    const { clients, discoveryUrls, apiBaseUrls } = this.simulator.description;
    return {
      REALMKEEPER_HOME: this.home,
      REALMKEEPER_KEYCHAIN_SERVICE: this.keychainService,
      REALMKEEPER_SANDBOX_DISCOVERY_URL: discoveryUrls.sandbox,
      REALMKEEPER_SANDBOX_API_URL: apiBaseUrls.sandbox,
      REALMKEEPER_SANDBOX_CLIENT_ID: clients.sandbox.clientId,
      REALMKEEPER_SANDBOX_CLIENT_SECRET: clients.sandbox.clientSecret,
      REALMKEEPER_SANDBOX_REDIRECT_URI: this.redirectUri,
      REALMKEEPER_PRODUCTION_DISCOVERY_URL: discoveryUrls.production,
      REALMKEEPER_PRODUCTION_API_URL: apiBaseUrls.production,
      REALMKEEPER_PRODUCTION_CLIENT_ID: clients.production.clientId,
      REALMKEEPER_PRODUCTION_CLIENT_SECRET: clients.production.clientSecret,
      REALMKEEPER_CLOCK_OFFSET_MS: String(this.clockOffsetMs),
    };
  }

  /** The environment of a child process: this one's (PATH, the D-Bus session) plus the world's. */
  childEnvironment(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.environment() };
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
      secretStore: this.secrets,
      callbackLingerMs: 1_000,
      ...options,
    });
    this.engines.add(engine);
    return engine;
  }

  async closeEngine(engine: ConnectionEngine): Promise<void> {
    this.engines.delete(engine);
    await engine.close();
  }

  /** Connects companies until `count` are (see connectCompanies); returns the time per company. */
  async connectUpTo(count: number, parallel = 8): Promise<{ connected: number; msPerCompany: number }> {
    const missing = this.realmIds.slice(this.connectedRealms.length, count);
    if (missing.length === 0) return { connected: 0, msPerCompany: 0 };
    const engine = await this.openEngine();
    const started = performance.now();
    try {
      await connectCompanies(engine, this.admin, missing, parallel);
      this.connectedRealms.push(...missing);
    } finally {
      await this.closeEngine(engine);
    }
    return { connected: missing.length, msPerCompany: (performance.now() - started) / missing.length };
  }

  /**
   * A copy of this world for a child process: the data folder copied (no engine may have it open),
   * and, for the in-memory store, its secrets as one JSON line for the child's standard input.
   * These are the simulator's tokens, worthless outside this run, and never touch the disk.
   */
  async handOver(label: string): Promise<{ home: string; secretsLine: string }> {
    if (this.engines.size > 0) throw new Error('close the engines before copying the data folder');
    const home = mkdtempSync(join(tmpdir(), `realmkeeper-bench-${label}-`));
    cpSync(this.home, home, { recursive: true });
    const secrets = Object.fromEntries((await this.secrets.list()).map((entry) => [entry.account, entry.secret]));
    return { home, secretsLine: `${JSON.stringify(secrets)}\n` };
  }

  /** A child process moved the simulator's clock; this world's engines follow. */
  noteClockAdvanced(milliseconds: number): void {
    this.clockOffsetMs += milliseconds;
  }

  async close(): Promise<void> {
    await Promise.all([...this.engines].map((engine) => engine.close().catch(() => undefined)));
    await this.simulator.close();
    for (const entry of await this.secrets.list().catch(() => [])) await this.secrets.delete(entry.account).catch(() => false);
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * Connects the simulator's realms through the engine's own connect flow and the simulator's
 * consent route (no browser): the same code exchange, keychain write and SQLite rows as a
 * bookkeeper's click, `parallel` at a time.
 */
export async function connectCompanies(engine: ConnectionEngine, admin: SimulatorAdmin, realmIds: readonly string[], parallel = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < realmIds.length; index = next++) {
      const realmId = realmIds[index] ?? '';
      const { attempt, authorizationUrl } = await engine.connect({ environment: 'sandbox' });
      const { redirectUrl } = await admin.connect({ authorizationUrl, realmId });
      const answer = await fetch(redirectUrl, { redirect: 'manual' });
      await answer.arrayBuffer();
      const settled = await engine.waitForAttempt(attempt.attemptId);
      if (settled.state.step !== 'connected') throw new Error(`connecting realm ${realmId} ended in ${settled.state.step}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, realmIds.length) }, worker));
}

/** The child side of `handOver`: an in-memory store filled from the first line of standard input. */
export async function secretStoreFromInput(lines: AsyncIterator<string>): Promise<SecretStore> {
  const first = await lines.next();
  const secrets = JSON.parse(first.done === true ? '{}' : first.value) as Record<string, string>;
  const store = createMemorySecretStore('bench (in memory, handed over)');
  for (const [account, secret] of Object.entries(secrets)) await store.set(account, secret);
  return store;
}
