import { homedir } from 'node:os';
import { prepareDataDirectory } from '../config/data-directory';
import { loadConfig, type ResolvedConfig } from '../config/resolve-config';
import { createKeychainTokenVault } from '../keychain/keychain-token-vault';
import { createKeytarSecretStore } from '../keychain/keytar-secret-store';
import { probeKeychain } from '../keychain/probe-keychain';
import type { SecretStore } from '../keychain/secret-store';
import { openDatabase } from '../storage/open-database';
import type { SqliteDatabase } from '../storage/sqlite';
import type { RefreshEndpoint } from '../tokens/refresh-once';
import type { KeeperEvent, TokenKeeperDependencies } from '../tokens/token-keeper';
import type { TokenVault } from '../tokens/token-vault';
import type { EngineOptions } from './connection-engine';

/** What every engine opens: the settings, the database and the keychain, on the app's data folder. */
export interface EngineStores {
  readonly config: ResolvedConfig;
  readonly database: SqliteDatabase;
  readonly secrets: SecretStore;
  readonly vault: TokenVault;
}

export async function openEngineStores(options: EngineOptions): Promise<EngineStores> {
  const env = options.env ?? process.env;
  const config = await loadConfig({ env, platform: options.platform ?? process.platform, homeDirectory: options.homeDirectory ?? homedir() });
  prepareDataDirectory(config.paths);
  const database = openDatabase({ path: config.paths.database });
  const secrets = options.secretStore ?? createKeytarSecretStore({ service: config.keychainService.value, callTimeoutMs: options.keychainCallTimeoutMs, helper: options.keychainHelper });
  return { config, database, secrets, vault: createKeychainTokenVault(secrets) };
}

/** The token keeper's wiring, one definition for the whole engine and for the command line's token access. */
export function keeperDependencies(
  stores: EngineStores,
  options: EngineOptions,
  now: () => number,
  resolveEndpoint: (environment: Parameters<TokenKeeperDependencies['resolveEndpoint']>[0]) => Promise<RefreshEndpoint>,
  onEvent: (event: KeeperEvent) => void,
): TokenKeeperDependencies {
  return {
    database: stores.database,
    vault: stores.vault,
    now,
    resolveEndpoint,
    requestTimeoutMs: options.requestTimeoutMs,
    leaseTiming: options.leaseTiming,
    fetch: options.fetch,
    confirmDelayMs: options.confirmDelayMs,
    outageToleranceMs: options.outageToleranceMs,
    saveRetryDelaysMs: options.saveRetryDelaysMs,
    onEvent,
    keychainAnswers: async () => (await probeKeychain(stores.secrets)).available,
  };
}
