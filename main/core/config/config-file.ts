import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isSecretKey } from '../redaction/sensitive-keys';
import { ensurePrivateDirectory } from '../system/private-files';
import { ConfigError } from './config-error';
import type { ConfigFileContents } from './config-file-schema';
import { checkConfigFile, type ConfigFileIssue } from './config-file-schema';

export interface LoadedConfigFile {
  path: string;
  /** False when there is no file yet: every value is then a default or from the environment. */
  exists: boolean;
  contents: ConfigFileContents;
}

/** Reads and validates the config file. A missing file is an empty config; a broken one throws. */
export async function readConfigFile(filePath: string): Promise<LoadedConfigFile> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (isErrorWithCode(error, 'ENOENT')) {
      return { path: filePath, exists: false, contents: {} };
    }
    throw new ConfigError(
      'config_file_unreadable',
      `Realmkeeper cannot read its settings file ${filePath} (${errorCodeOf(error)}). ` +
        'Check that the file and its folder belong to you and are readable.',
      { path: filePath, cause: error },
    );
  }
  return { path: filePath, exists: true, contents: parseConfigText(text, filePath) };
}

export function parseConfigText(text: string, filePath: string): ConfigFileContents {
  let json: unknown;
  try {
    // A byte-order mark from Notepad is not a reason to reject the file.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(
      'config_file_invalid_json',
      `The settings file ${filePath} is not valid JSON (${error instanceof Error ? error.message : String(error)}). ` +
        'Fix it in a text editor, or move it aside to start from the defaults; Realmkeeper will not overwrite it.',
      { path: filePath, cause: error },
    );
  }
  const secretKey = findSecretKey(json, []);
  if (secretKey !== undefined) {
    throw new ConfigError(
      'config_file_contains_secret',
      `The settings file ${filePath} contains "${secretKey}". Secrets are never kept in the settings file: ` +
        'remove that line, then enter the client secret in Settings (it is saved in the system keychain).',
      { path: filePath, key: secretKey },
    );
  }
  const checked = checkConfigFile(json);
  if (!checked.ok) {
    throw invalidFileError(checked.issue, filePath);
  }
  return checked.contents;
}

function invalidFileError(issue: ConfigFileIssue, filePath: string): ConfigError {
  const parentKey = issue.path.join('.');
  const unknownKey = issue.unknownKey;
  const key = unknownKey === undefined ? parentKey : [parentKey, unknownKey].filter(Boolean).join('.');
  const problem = issue.message;
  const name = key === '' ? 'The top level' : `"${key}"`;
  return new ConfigError(
    'config_file_invalid',
    `In the settings file ${filePath}, ${name} ${problem.charAt(0).toLowerCase()}${problem.slice(1)}. ` +
      'Fix it in a text editor or with `realmkeeper config set`; Realmkeeper will not overwrite the file until it is valid.',
    { path: filePath, key },
  );
}

function findSecretKey(value: unknown, trail: string[]): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = [...trail, key];
    if (isSecretKey(key)) {
      return here.join('.');
    }
    const nested = findSecretKey(item, here);
    if (nested !== undefined) {
      return nested;
    }
  }
  return undefined;
}

/**
 * Writes the whole file through a temporary file in the same folder and a rename, so a reader (the
 * app while the CLI writes) sees the old file or the new one, never half of one.
 */
export async function writeConfigFile(filePath: string, contents: ConfigFileContents): Promise<void> {
  const checked = checkConfigFile(contents);
  // Callers validate each value before building the contents: a failure here is a bug.
  if (!checked.ok) throw new TypeError(`Refusing to write an invalid settings file: ${[...checked.issue.path, checked.issue.unknownKey ?? ''].filter(Boolean).join('.')} ${checked.issue.message}`);
  const validated = checked.contents;
  const directory = path.dirname(filePath);
  const temporaryPath = path.join(directory, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    ensurePrivateDirectory(directory);
    const handle = await open(temporaryPath, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(validated, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, filePath);
  } catch (error) {
    await unlink(temporaryPath).catch(() => undefined);
    throw new ConfigError(
      'config_file_write_failed',
      `Realmkeeper could not save its settings file ${filePath} (${errorCodeOf(error)}). ` +
        'Check that the folder exists, belongs to you and the disk is not full.',
      { path: filePath, cause: error },
    );
  }
}

function isErrorWithCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
