import type { ResolvedClientSecret } from './client-secret';
import type { IntuitEnvironment, Sourced } from './config-types';
import { describeFix, describeSource } from './describe-source';
import { environmentVariableNames } from './settings-catalog';
import type { ValidationIssue } from './validation-issue';

/** INTUIT.md §1: "client ids are 50 characters, secrets 40". */
export const clientIdLength = 50;
export const clientSecretLength = 40;

const keysPage = "Intuit's developer portal (your app → Keys & credentials)";

/**
 * Nothing in a client id tells sandbox keys from production keys, so no such check is made here:
 * connections record the environment and a client-id fingerprint instead.
 */
export function checkClientId(environment: IntuitEnvironment, clientId: Sourced<string | undefined>): ValidationIssue[] {
  const key = `${environment}.clientId`;
  const value = clientId.value;
  if (value === undefined) {
    return [
      {
        code: 'client_id_missing',
        severity: 'error',
        environment,
        key,
        message:
          `No ${environment} client id is set, so ${environment} is off. Copy the ${environment} Client ID from ${keysPage} ` +
          `into Settings, or run \`realmkeeper config set ${key} <client id>\` ` +
          `(or set ${environmentVariableNames[environment].clientId}).`,
      },
    ];
  }
  const where = describeSource(clientId.source, key);
  const fix = describeFix(clientId.source, key);
  if (value.length !== clientIdLength) {
    const swapped =
      value.length === clientSecretLength ? ' That is the length of a client secret: the two may have been swapped.' : '';
    return [
      {
        code: 'client_id_length',
        severity: 'error',
        environment,
        key,
        message:
          `The ${environment} client id (${where}) is ${value.length} characters long; Intuit's client ids are ` +
          `${clientIdLength}.${swapped} ${fix}: copy the Client ID again from ${keysPage}, whole and without spaces.`,
      },
    ];
  }
  if (!/^[A-Za-z0-9]+$/.test(value)) {
    // INTUIT.md fixes the length, not the alphabet; every id seen is alphanumeric, so say so, but
    // let a compatible server with other ids through.
    return [
      {
        code: 'client_id_characters',
        severity: 'warning',
        environment,
        key,
        message:
          `The ${environment} client id (${where}) contains characters other than letters and digits, ` +
          `which Intuit's client ids do not. If connecting fails, copy the Client ID again from ${keysPage}.`,
      },
    ];
  }
  return [];
}

export function checkClientSecret(environment: IntuitEnvironment, secret: ResolvedClientSecret): ValidationIssue[] {
  const key = `${environment}.clientSecret`;
  const variable = environmentVariableNames[environment].clientSecret;
  if ('error' in secret) {
    return [
      {
        code: 'client_secret_unavailable',
        severity: 'error',
        environment,
        key,
        message:
          `The system keychain did not answer when Realmkeeper asked for the ${environment} client secret. ` +
          'Unlock the keychain (or sign in to your desktop session again) and retry; nothing was changed.',
      },
    ];
  }
  const where = secret.source === 'env' ? `the environment variable ${variable}` : 'the system keychain';
  if (secret.value === undefined) {
    return [
      {
        code: 'client_secret_missing',
        severity: 'error',
        environment,
        key,
        message:
          `No ${environment} client secret is saved. Copy the ${environment} Client Secret from ${keysPage} into ` +
          `Settings (it is kept in the system keychain), or set ${variable}.`,
      },
    ];
  }
  if (secret.value.length !== clientSecretLength) {
    return [
      {
        code: 'client_secret_length',
        severity: 'error',
        environment,
        key,
        message:
          `The ${environment} client secret in ${where} is ${secret.value.length} characters long; Intuit's secrets ` +
          `are ${clientSecretLength}. Copy the Client Secret again from ${keysPage}, whole and without spaces, ` +
          (secret.source === 'env' ? `into ${variable}.` : 'and save it in Settings.'),
      },
    ];
  }
  return [];
}
