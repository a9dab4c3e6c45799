import type { EnvironmentVariables, IntuitEnvironment } from './config-types';
import { readVariable } from './config-types';
import { environmentVariableNames } from './settings-catalog';

/** Reads a client secret from the keychain; owned by the keychain module, passed in here. */
export type GetKeychainSecret = (environment: IntuitEnvironment) => Promise<string | undefined> | string | undefined;

export type ResolvedClientSecret =
  | { source: 'env'; variable: string; value: string }
  | { source: 'keychain'; value: string | undefined }
  /** The keychain did not answer (locked, missing backend): reported, never treated as "no secret". */
  | { source: 'keychain'; value: undefined; error: unknown };

/** The automation variable wins; otherwise the keychain is asked. */
export async function resolveClientSecret(
  environment: IntuitEnvironment,
  env: EnvironmentVariables,
  getKeychainSecret: GetKeychainSecret,
): Promise<ResolvedClientSecret> {
  const variable = environmentVariableNames[environment].clientSecret;
  const fromVariable = readVariable(env, variable);
  if (fromVariable !== undefined) {
    return { source: 'env', variable, value: fromVariable.trim() };
  }
  try {
    const value = await getKeychainSecret(environment);
    return { source: 'keychain', value: value === '' ? undefined : value };
  } catch (error) {
    return { source: 'keychain', value: undefined, error };
  }
}
