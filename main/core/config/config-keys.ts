import { isSecretKey } from '../redaction/sensitive-keys';
import { settingChecks, type ValueCheck } from './config-file-schema';
import type { IntuitEnvironment } from './config-types';
import { intuitEnvironments } from './config-types';

const environmentSettings = ['discoveryUrl', 'apiBaseUrl', 'clientId', 'redirectMode', 'redirectUri'] as const;
const globalSettings = ['keepAliveIntervalHours', 'refreshConcurrency', 'notifications'] as const;

export type EnvironmentSettingName = (typeof environmentSettings)[number];
export type GlobalSettingName = (typeof globalSettings)[number];
export type ConfigKey = `${IntuitEnvironment}.${EnvironmentSettingName}` | GlobalSettingName;

/** Every key `realmkeeper config set` accepts, in display order. */
export const configKeys: readonly ConfigKey[] = [
  ...intuitEnvironments.flatMap((environment) =>
    environmentSettings.map((setting): ConfigKey => `${environment}.${setting}`),
  ),
  ...globalSettings,
];

export type ParsedConfigKey =
  | { scope: 'environment'; environment: IntuitEnvironment; setting: EnvironmentSettingName }
  | { scope: 'global'; setting: GlobalSettingName };

export function isConfigKey(key: string): key is ConfigKey {
  return (configKeys as readonly string[]).includes(key);
}

/** True for any key naming a secret (`sandbox.clientSecret`): those live in the keychain only. */
export function isSecretConfigKey(key: string): boolean {
  return key.split('.').some((part) => isSecretKey(part));
}

export function parseConfigKey(key: ConfigKey): ParsedConfigKey {
  const [first, second] = key.split('.');
  const environment = intuitEnvironments.find((name) => name === first);
  const environmentSetting = environmentSettings.find((name) => name === second);
  if (environment !== undefined && environmentSetting !== undefined) {
    return { scope: 'environment', environment, setting: environmentSetting };
  }
  const globalSetting = globalSettings.find((name) => name === key);
  if (globalSetting === undefined) {
    throw new Error(`Not a config key: ${key}`);
  }
  return { scope: 'global', setting: globalSetting };
}

export function checkForKey(key: ConfigKey): ValueCheck {
  return settingChecks[parseConfigKey(key).setting];
}
