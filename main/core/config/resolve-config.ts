import type { ConfigFileContents } from './config-file-schema';
import { readConfigFile } from './config-file';
import type { EnvironmentVariables, IntuitEnvironment, RedirectMode, Sourced } from './config-types';
import { readVariable } from './config-types';
import type { DataPaths } from './data-directory';
import { dataPaths, resolveDataDirectory } from './data-directory';
import {
  defaultKeepAliveIntervalHours,
  defaultKeychainService,
  defaultLoopbackRedirectUri,
  defaultNotifications,
  defaultRefreshConcurrency,
  environmentDefaults,
  environmentVariableNames,
} from './settings-catalog';

/** Where an environment's client secret is read from; the value itself is never in the config. */
export type ClientSecretSource = { kind: 'env'; variable: string } | { kind: 'keychain'; service: string };

export interface EnvironmentConfig {
  environment: IntuitEnvironment;
  /** False when no client id is set: the environment is off. */
  enabled: boolean;
  discoveryUrl: Sourced<string>;
  apiBaseUrl: Sourced<string>;
  clientId: Sourced<string | undefined>;
  clientSecret: ClientSecretSource;
  redirectMode: Sourced<RedirectMode>;
  /** Undefined when the mode has no default (the relay page of custom-protocol mode). */
  redirectUri: Sourced<string | undefined>;
}

export interface ResolvedConfig {
  dataDirectory: Sourced<string>;
  paths: DataPaths;
  keychainService: Sourced<string>;
  sandbox: EnvironmentConfig;
  production: EnvironmentConfig;
  keepAliveIntervalHours: Sourced<number>;
  refreshConcurrency: Sourced<number>;
  notifications: Sourced<boolean>;
}

export interface ResolveConfigInput {
  env: EnvironmentVariables;
  platform: NodeJS.Platform;
  homeDirectory: string;
}

/** Reads the config file from the data directory and resolves every value. */
export async function loadConfig(input: ResolveConfigInput): Promise<ResolvedConfig> {
  const dataDirectory = resolveDataDirectory(input);
  const paths = dataPaths(dataDirectory.value, input.platform);
  const file = await readConfigFile(paths.configFile);
  return resolveConfig({ env: input.env, dataDirectory, paths, file: file.contents });
}

export interface ResolveFromFileInput {
  env: EnvironmentVariables;
  dataDirectory: Sourced<string>;
  paths: DataPaths;
  file: ConfigFileContents;
}

/** Precedence for every value: environment variable, then config file, then default. */
export function resolveConfig(input: ResolveFromFileInput): ResolvedConfig {
  const { fromFileOrDefault } = pickers(input);
  const keychainVariable = environmentVariableNames.keychainService;
  const keychainOverride = readVariable(input.env, keychainVariable);
  const keychainService: Sourced<string> =
    keychainOverride === undefined
      ? { value: defaultKeychainService, source: { kind: 'default' } }
      : { value: keychainOverride.trim(), source: { kind: 'env', variable: keychainVariable } };
  const environment = (name: IntuitEnvironment): EnvironmentConfig =>
    resolveEnvironment(name, input, keychainService.value);
  return {
    dataDirectory: input.dataDirectory,
    paths: input.paths,
    keychainService,
    sandbox: environment('sandbox'),
    production: environment('production'),
    keepAliveIntervalHours: fromFileOrDefault(
      'keepAliveIntervalHours',
      input.file.keepAliveIntervalHours,
      defaultKeepAliveIntervalHours,
    ),
    refreshConcurrency: fromFileOrDefault('refreshConcurrency', input.file.refreshConcurrency, defaultRefreshConcurrency),
    notifications: fromFileOrDefault('notifications', input.file.notifications, defaultNotifications),
  };
}

function resolveEnvironment(
  environment: IntuitEnvironment,
  input: ResolveFromFileInput,
  keychainService: string,
): EnvironmentConfig {
  const { fromVariableFileOrDefault, fromFileOrDefault } = pickers(input);
  const variables = environmentVariableNames[environment];
  const section = input.file[environment] ?? {};
  const defaults = environmentDefaults[environment];
  const key = (name: string): string => `${environment}.${name}`;
  const clientId = fromVariableFileOrDefault(variables.clientId, key('clientId'), section.clientId, undefined);
  const redirectMode = fromFileOrDefault(key('redirectMode'), section.redirectMode, defaults.redirectMode);
  const defaultRedirectUri = redirectMode.value === 'loopback' ? defaultLoopbackRedirectUri : undefined;
  const secretVariable = readVariable(input.env, variables.clientSecret);
  return {
    environment,
    enabled: clientId.value !== undefined,
    discoveryUrl: fromVariableFileOrDefault(
      variables.discoveryUrl,
      key('discoveryUrl'),
      section.discoveryUrl,
      defaults.discoveryUrl,
    ),
    apiBaseUrl: fromVariableFileOrDefault(variables.apiBaseUrl, key('apiBaseUrl'), section.apiBaseUrl, defaults.apiBaseUrl),
    clientId,
    clientSecret:
      secretVariable === undefined
        ? { kind: 'keychain', service: keychainService }
        : { kind: 'env', variable: variables.clientSecret },
    redirectMode,
    redirectUri: fromVariableFileOrDefault(
      variables.redirectUri,
      key('redirectUri'),
      section.redirectUri,
      defaultRedirectUri,
    ),
  };
}

interface Pickers {
  /** For values that an environment variable can set. */
  fromVariableFileOrDefault<T extends string | undefined>(
    variable: string,
    fileKey: string,
    fileValue: string | undefined,
    fallback: T,
  ): Sourced<string | T>;
  fromFileOrDefault<T>(fileKey: string, fileValue: T | undefined, fallback: T): Sourced<T>;
}

function pickers(input: ResolveFromFileInput): Pickers {
  function fromFileOrDefault<T>(fileKey: string, fileValue: T | undefined, fallback: T): Sourced<T> {
    if (fileValue !== undefined) {
      return { value: fileValue, source: { kind: 'file', path: input.paths.configFile, key: fileKey } };
    }
    return { value: fallback, source: { kind: 'default' } };
  }
  function fromVariableFileOrDefault<T extends string | undefined>(
    variable: string,
    fileKey: string,
    fileValue: string | undefined,
    fallback: T,
  ): Sourced<string | T> {
    const fromVariable = readVariable(input.env, variable);
    if (fromVariable !== undefined) {
      // A trailing newline from `$(cat file)` would break Intuit's exact match for nothing.
      return { value: fromVariable.trim(), source: { kind: 'env', variable } };
    }
    return fromFileOrDefault<string | T>(fileKey, fileValue, fallback);
  }
  return { fromVariableFileOrDefault, fromFileOrDefault };
}
