import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { checkEndpoints, type EndpointCheck } from '../config/check-endpoints';
import { resolveClientSecret } from '../config/client-secret';
import { isConfigError } from '../config/config-error';
import { readConfigFile } from '../config/config-file';
import type { EnvironmentVariables, Sourced } from '../config/config-types';
import { intuitEnvironments } from '../config/config-types';
import { dataPaths, resolveDataDirectory, type DataPaths } from '../config/data-directory';
import { resolveConfig, type ResolvedConfig } from '../config/resolve-config';
import { defaultKeychainService, environmentVariableNames } from '../config/settings-catalog';
import { validateEnvironment } from '../config/validate-environment';
import type { FetchFunction } from '../discovery/fetch-discovery';
import type { KeychainBackend } from '../keychain/keychain-backend';
import { createKeytarSecretStore } from '../keychain/keytar-secret-store';
import { probeKeychain } from '../keychain/probe-keychain';
import type { SecretStore } from '../keychain/secret-store';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import { openDatabase } from '../storage/open-database';
import { isStorageError } from '../storage/storage-error';
import { readClientSecret } from './client-secret-account';

/** `ok` passes; `warning` is worth knowing but works; `problem` stops Realmkeeper doing its job. */
export type DoctorSeverity = 'ok' | 'info' | 'warning' | 'problem';

export interface DoctorCheck {
  /** A stable name: `config-file`, `keychain`, `database`, `sandbox.settings`, `sandbox.endpoints`… */
  readonly name: string;
  readonly severity: DoctorSeverity;
  readonly summary: string;
  /** What to do about it; absent when nothing needs doing. */
  readonly fix?: string;
  /** A stable code callers may branch on (`keychain_locked`, `database_corrupt`, `client_id_missing`…). */
  readonly code?: string;
}

export interface DoctorReport {
  readonly checks: readonly DoctorCheck[];
  /** True when no check is a problem. */
  readonly healthy: boolean;
  readonly keychainBackend: KeychainBackend | undefined;
  readonly dataDirectory: string | undefined;
}

export interface DoctorOptions {
  readonly env?: EnvironmentVariables;
  readonly platform?: NodeJS.Platform;
  readonly homeDirectory?: string;
  readonly fetch?: FetchFunction;
  /** The keychain; by default keytar under the configured service name. */
  readonly secretStore?: SecretStore;
  readonly endpointTimeoutMs?: number;
}

/**
 * Checks what Realmkeeper depends on, each check independently, so one broken part (a settings
 * file that does not parse, a damaged database) never hides the state of the others. Reads only:
 * it never creates the database, never rewrites the settings file and never deletes a keychain
 * entry other than its own probe.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const homeDirectory = options.homeDirectory ?? homedir();
  const checks: DoctorCheck[] = [];

  let paths: DataPaths | undefined;
  let dataDirectory: Sourced<string> | undefined;
  try {
    dataDirectory = resolveDataDirectory({ env, platform, homeDirectory });
    paths = dataPaths(dataDirectory.value, platform);
  } catch (error) {
    checks.push(failedCheck('data-directory', error));
  }

  const config = paths === undefined || dataDirectory === undefined ? undefined : await checkConfigFile(checks, env, paths, dataDirectory);
  const service = config?.keychainService.value ?? env[environmentVariableNames.keychainService]?.trim() ?? defaultKeychainService;
  const secrets = options.secretStore ?? createKeytarSecretStore({ service, platform });

  const keychain = await probeKeychain(secrets, { platform });
  checks.push(
    keychain.available
      ? { name: 'keychain', severity: 'ok', summary: `The system keychain (${keychain.backend}) answers.` }
      : {
          name: 'keychain',
          severity: 'problem',
          code: keychain.error.code,
          summary: `The system keychain (${keychain.backend}) does not answer: ${keychain.error.code}.`,
          fix: keychain.error.message,
        },
  );

  if (paths !== undefined) checks.push(checkDatabase(paths.database));

  if (config !== undefined) {
    for (const environment of intuitEnvironments) {
      checks.push(...(await checkEnvironment(config, environment, env, secrets, options)));
    }
  }

  return {
    checks,
    healthy: checks.every((check) => check.severity !== 'problem'),
    keychainBackend: keychain.backend,
    dataDirectory: dataDirectory?.value,
  };
}

async function checkConfigFile(
  checks: DoctorCheck[],
  env: EnvironmentVariables,
  paths: DataPaths,
  dataDirectory: Sourced<string>,
): Promise<ResolvedConfig | undefined> {
  try {
    const file = await readConfigFile(paths.configFile);
    checks.push({
      name: 'config-file',
      severity: 'ok',
      summary: file.exists ? `The settings file ${paths.configFile} is valid.` : `No settings file yet (${paths.configFile}); defaults and environment variables apply.`,
    });
    return resolveConfig({ env, dataDirectory, paths, file: file.contents });
  } catch (error) {
    checks.push(failedCheck('config-file', error));
    return undefined;
  }
}

function checkDatabase(path: string): DoctorCheck {
  if (!existsSync(path)) {
    return { name: 'database', severity: 'info', summary: `No database yet (${path}); it is created when the first company is connected.` };
  }
  try {
    // openDatabase runs PRAGMA quick_check and refuses a damaged file without touching it.
    const database = openDatabase({ path });
    const companies = Number((database.prepare('SELECT count(*) AS count FROM companies').get() as { count: number }).count);
    database.close();
    return { name: 'database', severity: 'ok', summary: `The database opens and passes quick_check (${companies} ${companies === 1 ? 'company' : 'companies'}): ${path}` };
  } catch (error) {
    if (isStorageError(error)) {
      return { name: 'database', severity: 'problem', code: error.code, summary: `The database cannot be used: ${error.code}.`, fix: error.message };
    }
    return failedCheck('database', error);
  }
}

async function checkEnvironment(
  config: ResolvedConfig,
  environment: IntuitEnvironment,
  env: EnvironmentVariables,
  secrets: SecretStore,
  options: DoctorOptions,
): Promise<DoctorCheck[]> {
  const section = config[environment];
  if (!section.enabled) {
    return [
      {
        name: `${environment}.settings`,
        severity: 'info',
        code: 'environment_off',
        summary: `${environment} is off (no client id).`,
        fix: `To connect ${environment} companies, set ${environment}.clientId with \`realmkeeper config set ${environment}.clientId <id>\` and its secret with \`realmkeeper config set-secret ${environment}\`.`,
      },
    ];
  }
  const secret = await resolveClientSecret(environment, env, (name) => readClientSecret(secrets, name));
  const issues = validateEnvironment(section, secret);
  const checks: DoctorCheck[] =
    issues.length === 0
      ? [{ name: `${environment}.settings`, severity: 'ok', summary: `The ${environment} settings are complete (client id, secret from ${secret.source}, redirect URI).` }]
      : issues.map((issue) => ({
          name: `${environment}.settings`,
          severity: issue.severity === 'error' ? 'problem' : 'warning',
          code: issue.code,
          summary: `${issue.key}: ${issue.code}`,
          fix: issue.message,
        }));
  checks.push(endpointCheck(environment, await checkEndpoints(section, { fetch: options.fetch, timeoutMs: options.endpointTimeoutMs })));
  return checks;
}

function endpointCheck(environment: IntuitEnvironment, result: EndpointCheck): DoctorCheck {
  const name = `${environment}.endpoints`;
  if (!result.discovery.ok || result.tokenEndpoint === undefined) {
    const error = result.discovery.ok ? undefined : result.discovery.error;
    return { name, severity: 'problem', code: error?.code ?? 'discovery_failed', summary: `The ${environment} discovery document could not be loaded.`, fix: error?.message ?? 'Check the discovery URL.' };
  }
  const token = result.tokenEndpoint;
  if (!token.answers) {
    return { name, severity: 'problem', code: `token_endpoint_${token.reason}`, summary: `The ${environment} token endpoint does not answer.`, fix: token.message };
  }
  return { name, severity: 'ok', summary: `The ${environment} discovery document loads and the token endpoint answers (${token.url}).` };
}

function failedCheck(name: string, error: unknown): DoctorCheck {
  if (isConfigError(error)) return { name, severity: 'problem', code: error.code, summary: error.code, fix: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { name, severity: 'problem', code: 'unexpected', summary: `${name} could not be checked.`, fix: message };
}
