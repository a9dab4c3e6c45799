import type { SettingEntry, SettingsView } from '../../preload/contract/api-contract';
import { resolveClientSecret } from '../core/config/client-secret';
import { listConfigEntries, type ConfigEntry } from '../core/config/config-entries';
import { intuitEnvironments } from '../core/config/config-types';
import { validateEnvironment } from '../core/config/validate-environment';
import { readClientSecret } from '../core/engine/client-secret-account';
import type { ConnectionEngine } from '../core/engine/connection-engine';
import { missingCase } from './missing-case';

function describeEntrySource(source: ConfigEntry['source']): string {
  switch (source.kind) {
    case 'env':
      return `environment variable ${source.variable}`;
    case 'file':
      return 'config file';
    case 'default':
      return 'default';
    case 'keychain':
      return `system keychain (${source.service})`;
    default:
      return missingCase(source);
  }
}

function toSettingEntry(entry: ConfigEntry): SettingEntry {
  return { key: entry.key, value: entry.value ?? null, source: describeEntrySource(entry.source), settable: entry.settable };
}

/** Settings as the window shows them: every value with its origin, never a secret's value. */
export async function buildSettingsView(engine: ConnectionEngine, env: Readonly<Record<string, string | undefined>>, demo: boolean, keychainNotice?: string): Promise<SettingsView> {
  const keychain = await engine.keychainStatus();
  const keychainView =
    keychainNotice === undefined
      ? { backend: keychain.backend, available: keychain.available, problem: keychain.available ? null : keychain.error.message }
      : { backend: 'memory', available: false, problem: keychainNotice };
  const environments = await Promise.all(
    intuitEnvironments.map(async (environment) => {
      const config = engine.config[environment];
      const secret = await resolveClientSecret(environment, env, (name) => readClientSecret(engine.secrets, name));
      return {
        environment,
        enabled: config.enabled,
        secretStored: secret.value !== undefined,
        secretVariable: secret.source === 'env' ? secret.variable : null,
        problems: validateEnvironment(config, secret).map((issue) => issue.message),
      };
    }),
  );
  return {
    keychain: keychainView,
    dataFolder: engine.config.paths.directory,
    entries: listConfigEntries(engine.config).map(toSettingEntry),
    environments,
    demo,
  };
}
