import { rmSync } from 'node:fs';
import { ensurePrivateDirectory } from '../core/system/private-files';
import { join } from 'node:path';
import type { EnvironmentVariables } from '../core/config/config-types';
import type { ResolvedConfig } from '../core/config/resolve-config';
import { environmentVariableNames } from '../core/config/settings-catalog';
import { createKeytarSecretStore } from '../core/keychain/keytar-secret-store';
import { probeKeychain } from '../core/keychain/probe-keychain';
import type { SecretStore } from '../core/keychain/secret-store';
import { adminPrefix, startSimulator, type RunningSimulator } from '../simulator/index';
import type { AppLogger } from './app-logger';
import { findFreeLoopbackPort } from './free-port';
import { createMemorySecretStore } from './memory-secret-store';

export const demoFolderName = 'demo';
export const demoKeychainService = 'Realmkeeper-demo';
const clockPollIntervalMs = 5_000;

/** Demo mode is for a first run: neither environment has a client id from a variable or the config file. */
export function wantsDemo(config: ResolvedConfig): boolean {
  return !config.sandbox.enabled && !config.production.enabled;
}

export interface RunningDemo {
  readonly simulator: RunningSimulator;
  /** The variables that point the engine at the simulator, with their own data folder and keychain service. */
  readonly env: EnvironmentVariables;
  readonly secretStore: SecretStore;
  /** True when the system keychain did not answer and the demo keeps its keys in memory. */
  readonly keysInMemory: boolean;
  /** The simulator's clock offset, followed so the engine and the simulator agree on "now". */
  simulatorOffsetMs(): number;
  close(): Promise<void>;
}

/**
 * Starts the Intuit simulator in this process on a free port and describes it to the engine.
 * The simulator keeps its state in memory, so the demo's data folder and keychain entries are
 * cleared at each start: tokens from a previous run would name connections it never issued.
 * They live apart from real ones (`<data folder>/demo`, keychain service `Realmkeeper-demo`).
 */
export async function startDemo(input: { env: EnvironmentVariables; dataDirectory: string; logger: AppLogger }): Promise<RunningDemo> {
  const home = join(input.dataDirectory, demoFolderName);
  rmSync(home, { recursive: true, force: true });
  ensurePrivateDirectory(home);
  const loopbackPort = await findFreeLoopbackPort();
  const redirectUri = `http://localhost:${loopbackPort}/callback`;
  const simulator = await startSimulator({ clients: { sandbox: { redirectUris: [redirectUri] } } });
  const secretStore = await demoSecretStore(input.logger);
  const keysInMemory = secretStore.service !== demoKeychainService;
  const { sandbox } = simulator.clients;
  const names = environmentVariableNames;
  const env: EnvironmentVariables = {
    ...input.env,
    [names.home]: home,
    [names.keychainService]: demoKeychainService,
    [names.sandbox.discoveryUrl]: simulator.discoveryUrl('sandbox'),
    [names.sandbox.apiBaseUrl]: simulator.apiBaseUrl('sandbox'),
    [names.sandbox.clientId]: sandbox.clientId,
    [names.sandbox.clientSecret]: sandbox.clientSecret,
    [names.sandbox.redirectUri]: redirectUri,
    // Production is not offered in the demo (no production client id: the environment is off).
    // Its keys accept only an https redirect, the relay page a firm hosts, which a demo on this
    // computer cannot give Intuit's stand-in: a production connect could only end on an error page.
  };
  let offsetMs = 0;
  const follow = async () => {
    try {
      const response = await fetch(`${simulator.url}${adminPrefix}/clock`);
      const clock = (await response.json()) as { offsetMs?: unknown };
      if (typeof clock.offsetMs === 'number') offsetMs = clock.offsetMs;
    } catch {
      // The simulator is closing; the last offset stays.
    }
  };
  const timer = setInterval(() => void follow(), clockPollIntervalMs);
  timer.unref();
  input.logger.info(`Demo mode: the Intuit simulator runs at ${simulator.url}; demo data lives in ${home}`);
  return {
    simulator,
    env,
    secretStore,
    keysInMemory,
    simulatorOffsetMs: () => offsetMs,
    async close() {
      clearInterval(timer);
      await simulator.close();
    },
  };
}

async function demoSecretStore(logger: AppLogger): Promise<SecretStore> {
  const keychain = createKeytarSecretStore({ service: demoKeychainService });
  const probe = await probeKeychain(keychain);
  if (!probe.available) {
    logger.warn(`Demo mode: the system keychain is unavailable (${probe.error.code}); demo keys are kept in memory for this run`);
    return createMemorySecretStore(`${demoKeychainService} (in memory)`);
  }
  for (const entry of await keychain.list()) await keychain.delete(entry.account);
  return keychain;
}
