import { ConfigError } from './config-error';
import type { ConfigFileContents } from './config-file-schema';
import { readConfigFile, writeConfigFile } from './config-file';
import type { ConfigKey } from './config-keys';
import { checkForKey, configKeys, isConfigKey, isSecretConfigKey, parseConfigKey } from './config-keys';
import { checkClientId } from './client-credential-checks';
import { environmentVariableNames } from './settings-catalog';

/**
 * Validates `key` and `value`, then rewrites the config file atomically. `value` may be text from
 * the command line ("24", "off") or an already typed value from the settings page. A config file
 * that does not parse is reported and left alone.
 */
export async function setConfigValue(configFilePath: string, key: string, value: unknown): Promise<ConfigFileContents> {
  const configKey = checkKey(key);
  const typed = coerceValue(configKey, value);
  const problem = checkForKey(configKey)(typed);
  if (problem !== undefined) {
    throw new ConfigError(
      'config_value_invalid',
      `${JSON.stringify(value)} is not a valid value for "${configKey}": ${problem}.`,
      { key: configKey, path: configFilePath },
    );
  }
  rejectBadClientId(configKey, typed);
  const file = await readConfigFile(configFilePath);
  const next = withValue(file.contents, configKey, typed);
  await writeConfigFile(configFilePath, next);
  return next;
}

/** Removes `key` from the config file, so the environment variable or the default applies again. */
export async function unsetConfigValue(configFilePath: string, key: string): Promise<ConfigFileContents> {
  const configKey = checkKey(key);
  const file = await readConfigFile(configFilePath);
  const next = withValue(file.contents, configKey, undefined);
  await writeConfigFile(configFilePath, next);
  return next;
}

function checkKey(key: string): ConfigKey {
  if (isSecretConfigKey(key)) {
    const environment = key.startsWith('production') ? 'production' : 'sandbox';
    throw new ConfigError(
      'config_key_secret',
      `"${key}" is a secret, and secrets are never written to the settings file. Enter the client secret in ` +
        `Settings (it is saved in the system keychain), or set ${environmentVariableNames[environment].clientSecret} for automation.`,
      { key },
    );
  }
  if (!isConfigKey(key)) {
    throw new ConfigError('config_key_unknown', `"${key}" is not a Realmkeeper setting. Valid keys: ${configKeys.join(', ')}.`, {
      key,
    });
  }
  return key;
}

const trueWords = new Set(['true', 'on', 'yes', '1']);
const falseWords = new Set(['false', 'off', 'no', '0']);

function coerceValue(key: ConfigKey, value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const { setting } = parseConfigKey(key);
  switch (setting) {
    case 'keepAliveIntervalHours':
    case 'refreshConcurrency':
      return value.trim() === '' ? value : Number(value);
    case 'notifications': {
      const word = value.trim().toLowerCase();
      return trueWords.has(word) ? true : falseWords.has(word) ? false : value;
    }
    default:
      return value;
  }
}

function rejectBadClientId(key: ConfigKey, value: unknown): void {
  const parsedKey = parseConfigKey(key);
  if (parsedKey.scope !== 'environment' || parsedKey.setting !== 'clientId' || typeof value !== 'string') {
    return;
  }
  const errors = checkClientId(parsedKey.environment, { value, source: { kind: 'default' } }).filter(
    (issue) => issue.severity === 'error',
  );
  const first = errors[0];
  if (first !== undefined) {
    throw new ConfigError('config_value_invalid', first.message, { key });
  }
}

function withValue(contents: ConfigFileContents, key: ConfigKey, value: unknown): ConfigFileContents {
  const parsedKey = parseConfigKey(key);
  if (parsedKey.scope === 'global') {
    return { ...contents, [parsedKey.setting]: value };
  }
  const section = { ...contents[parsedKey.environment], [parsedKey.setting]: value };
  return { ...contents, [parsedKey.environment]: section };
}
