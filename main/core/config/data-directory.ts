import path from 'node:path';
import { ensurePrivateDirectory, tightenPrivateFile } from '../system/private-files';
import { ConfigError } from './config-error';
import type { EnvironmentVariables, Sourced } from './config-types';
import { readVariable } from './config-types';
import { appName, configFileName, databaseFileName, environmentVariableNames, logsDirectoryName } from './settings-catalog';

export interface DataDirectoryInput {
  env: EnvironmentVariables;
  platform: NodeJS.Platform;
  homeDirectory: string;
}

export interface DataPaths {
  directory: string;
  database: string;
  logs: string;
  configFile: string;
}

function pathModule(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The per-user folder Electron's `app.getPath('userData')` would use for an app named
 * Realmkeeper, computed without Electron so that the CLI and the app agree.
 */
export function defaultDataDirectory(input: DataDirectoryInput): string {
  const paths = pathModule(input.platform);
  switch (input.platform) {
    case 'win32': {
      const appData = readVariable(input.env, 'APPDATA');
      return paths.join(appData ?? paths.join(input.homeDirectory, 'AppData', 'Roaming'), appName);
    }
    case 'darwin':
      return paths.join(input.homeDirectory, 'Library', 'Application Support', appName);
    default: {
      // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
      const xdgConfigHome = readVariable(input.env, 'XDG_CONFIG_HOME');
      const base =
        xdgConfigHome !== undefined && paths.isAbsolute(xdgConfigHome)
          ? xdgConfigHome
          : paths.join(input.homeDirectory, '.config');
      return paths.join(base, appName);
    }
  }
}

/** `REALMKEEPER_HOME` if set, else the OS default. */
export function resolveDataDirectory(input: DataDirectoryInput): Sourced<string> {
  const variable = environmentVariableNames.home;
  const override = readVariable(input.env, variable);
  if (override === undefined) {
    return { value: defaultDataDirectory(input), source: { kind: 'default' } };
  }
  const paths = pathModule(input.platform);
  if (!paths.isAbsolute(override)) {
    // A relative folder would move with the working directory, and the app and the CLI would
    // each find a different database.
    throw new ConfigError(
      'data_directory_invalid',
      `${variable} is "${override}", which is not an absolute path. Set ${variable} to a full path ` +
        `such as ${paths.join(input.homeDirectory, appName)}, or unset it to use the default folder.`,
      { key: variable },
    );
  }
  return { value: paths.normalize(override), source: { kind: 'env', variable } };
}

export function dataPaths(directory: string, platform: NodeJS.Platform): DataPaths {
  const paths = pathModule(platform);
  return {
    directory,
    database: paths.join(directory, databaseFileName),
    logs: paths.join(directory, logsDirectoryName),
    configFile: paths.join(directory, configFileName),
  };
}

/**
 * Creates the data folder private to the user (0700), and tightens what an older version left
 * wider (the folder, the settings file), as long as it is this user's own.
 */
export function prepareDataDirectory(paths: DataPaths, platform: NodeJS.Platform = process.platform): void {
  ensurePrivateDirectory(paths.directory, platform);
  tightenPrivateFile(paths.configFile, platform);
}
