import { homedir } from 'node:os';
import { checkClientSecret } from '../../core/config/client-credential-checks';
import { listConfigEntries, type ConfigEntry } from '../../core/config/config-entries';
import { intuitEnvironments, type IntuitEnvironment, type ValueSource } from '../../core/config/config-types';
import { loadConfig } from '../../core/config/resolve-config';
import { setConfigValue, unsetConfigValue } from '../../core/config/set-config-value';
import { environmentVariableNames } from '../../core/config/settings-catalog';
import { saveClientSecret } from '../../core/engine/client-secret-account';
import { createKeytarSecretStore } from '../../core/keychain/keytar-secret-store';
import { printLine, type CliContext } from '../cli-context';
import { CliFailure, UsageError } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { readSecret } from '../read-secret';

export const configCommand: CommandDefinition = {
  name: 'config',
  synopsis: '[get [KEY] | set KEY VALUE | unset KEY | set-secret sandbox|production] [--json]',
  summary: 'Show every setting and where it comes from; change one; store a client secret in the keychain',
  options: { json: { type: 'boolean', description: 'machine-readable output (get only)' } },
  positionals: { minimum: 0, maximum: 3 },
  run: runConfig,
};

export async function runConfig(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const [action = 'get', ...rest] = input.positionals;
  switch (action) {
    case 'get':
      return showConfig(context, expectArguments(rest, 0, 1, 'config get [KEY]')[0], input.values['json'] === true);
    case 'set': {
      const [key = '', value = ''] = expectArguments(rest, 2, 2, 'config set KEY VALUE');
      return changeConfig(context, key, value);
    }
    case 'unset': {
      const [key = ''] = expectArguments(rest, 1, 1, 'config unset KEY');
      return changeConfig(context, key, undefined);
    }
    case 'set-secret': {
      const [environment = ''] = expectArguments(rest, 1, 1, 'config set-secret sandbox|production   (the secret is read from standard input)');
      return storeSecret(context, environment);
    }
    default:
      throw new UsageError(`"${action}" is not a config action: use get, set, unset or set-secret.`);
  }
}

function expectArguments(values: readonly string[], minimum: number, maximum: number, usage: string): readonly string[] {
  if (values.length < minimum || values.length > maximum) throw new UsageError(`Usage: realmkeeper ${usage}`);
  return values;
}

function load(context: CliContext) {
  return loadConfig({ env: context.env, platform: process.platform, homeDirectory: homedir() });
}

async function showConfig(context: CliContext, key: string | undefined, json: boolean): Promise<ExitCode> {
  const config = await load(context);
  let entries = listConfigEntries(config);
  if (key !== undefined) {
    entries = entries.filter((entry) => entry.key === key);
    if (entries.length === 0) throw new UsageError(`"${key}" is not a Realmkeeper setting. \`realmkeeper config\` lists them.`);
  }
  if (json) {
    printLine(context.stdout, JSON.stringify({ configFile: config.paths.configFile, entries }, null, 2));
    return exitCodes.ok;
  }
  const width = Math.max(...entries.map((entry) => entry.key.length));
  for (const entry of entries) printLine(context.stdout, `${entry.key.padEnd(width)}  ${describeValue(entry)}  (${describeOrigin(entry)})`);
  return exitCodes.ok;
}

function describeValue(entry: ConfigEntry): string {
  if (entry.source.kind === 'keychain') return '[secret, not shown]';
  if (entry.key.endsWith('.clientSecret')) return '[secret, not shown]';
  return entry.value === undefined ? '(not set)' : String(entry.value);
}

function describeOrigin(entry: ConfigEntry): string {
  const source: ValueSource | { kind: 'keychain'; service: string } = entry.source;
  switch (source.kind) {
    case 'keychain':
      return `system keychain, service "${source.service}"`;
    case 'env':
      return `environment variable ${source.variable}`;
    case 'file':
      return `settings file ${source.path}`;
    case 'default':
      return 'default';
  }
}

async function changeConfig(context: CliContext, key: string, value: string | undefined): Promise<ExitCode> {
  const config = await load(context);
  const path = config.paths.configFile;
  if (value === undefined) await unsetConfigValue(path, key);
  else await setConfigValue(path, key, value);
  printLine(context.stdout, value === undefined ? `Removed ${key} from ${path}.` : `Set ${key} in ${path}.`);
  // The file is changed either way, but a variable still wins over it; say so rather than surprise.
  const after = listConfigEntries(await load(context)).find((entry) => entry.key === key);
  if (after !== undefined && after.source.kind === 'env') {
    printLine(context.stderr, `Note: the environment variable ${after.source.variable} is set and takes precedence over the settings file.`);
  }
  return exitCodes.ok;
}

async function storeSecret(context: CliContext, name: string): Promise<ExitCode> {
  const environment = intuitEnvironments.find((candidate) => candidate === name);
  if (environment === undefined) throw new UsageError(`set-secret needs sandbox or production (got "${name}").`);
  const config = await load(context);
  const secret = await readSecret(context, `${environment} client secret (not shown): `);
  if (secret === '') throw new UsageError(`No secret was given on standard input; nothing was stored. Example: realmkeeper config set-secret ${environment} < secret.txt`);
  rejectMalformedSecret(environment, secret);
  const store = createKeytarSecretStore({ service: config.keychainService.value });
  await saveClientSecret(store, environment, secret);
  printLine(context.stdout, `Stored the ${environment} client secret in the system keychain (service "${config.keychainService.value}").`);
  const variable = environmentVariableNames[environment].clientSecret;
  if (context.env[variable] !== undefined && context.env[variable]?.trim() !== '') {
    printLine(context.stderr, `Note: ${variable} is set and takes precedence over the keychain.`);
  }
  return exitCodes.ok;
}

function rejectMalformedSecret(environment: IntuitEnvironment, secret: string): void {
  const errors = checkClientSecret(environment, { source: 'keychain', value: secret }).filter((issue) => issue.severity === 'error');
  // The check's message never contains the value, only what is wrong with it.
  const first = errors[0];
  if (first !== undefined) throw new CliFailure(exitCodes.usage, `${first.message} Nothing was stored.`);
}
