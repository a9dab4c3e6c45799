import { isConfigError, type ConfigErrorCode } from '../config/config-error';
import type { Cause } from '../diagnosis/causes';
import { isDiscoveryError, type DiscoveryErrorCode } from '../discovery/discovery-error';
import { isEngineError, type EngineErrorCode } from '../engine/engine-error';
import { isKeychainError, type KeychainErrorCode } from '../keychain/keychain-error';
import { redact } from '../redaction/redact-text';
import { isStorageError, type StorageErrorCode } from '../storage/storage-error';
import { exitCodes, type ExitCode } from './exit-codes';

/** Every code an expected failure of the core can carry. */
export type ExpectedErrorCode =
  | EngineErrorCode
  | ConfigErrorCode
  | StorageErrorCode
  | KeychainErrorCode
  | DiscoveryErrorCode
  | 'loopback_port_busy'
  | 'lease_busy';

/**
 * An error described for people: the message the error carries (one line, redacted) and the fix
 * in a few words, with the code for callers and the exit code for the command line.
 */
export type DescribedError =
  | {
      readonly kind: 'expected';
      readonly code: ExpectedErrorCode;
      readonly message: string;
      readonly fix: string;
      readonly exitCode: ExitCode;
    }
  | { readonly kind: 'unexpected'; readonly message: string; readonly exitCode: ExitCode };

/**
 * The one place that tells an expected failure (the keychain is locked, the database is busy,
 * Intuit is unreachable) from a bug, for the command line and the app alike. Every message goes
 * through `redact`, a second line of defence: no error message is supposed to hold a secret.
 */
export function describeError(error: unknown): DescribedError {
  const code = expectedCodeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === undefined) return { kind: 'unexpected', message: oneLine(redact(text)), exitCode: exitCodes.failure };
  const { fix, exitCode } = guidanceFor(code);
  return { kind: 'expected', code, message: oneLine(redact(text)), fix, exitCode };
}

function expectedCodeOf(error: unknown): ExpectedErrorCode | undefined {
  if (isEngineError(error) || isConfigError(error) || isStorageError(error) || isKeychainError(error) || isDiscoveryError(error)) return error.code;
  // Errors of modules this one does not import (the loopback listener, the token keeper), by their stable code.
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (code === 'loopback_port_busy' || code === 'lease_busy') return code;
  return undefined;
}

/** Messages are shown on one line: a multi-line one would break scripts that read stderr by line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

interface Guidance {
  readonly fix: string;
  readonly exitCode: ExitCode;
}

function guidanceFor(code: ExpectedErrorCode): Guidance {
  switch (code) {
    case 'unknown_company':
    case 'ambiguous_company':
      return { fix: 'Run `realmkeeper status` to list the companies, and name one by its realm id.', exitCode: exitCodes.company };
    case 'environment_off':
    case 'configuration_invalid':
    case 'redirect_not_loopback':
      return { fix: 'Complete the Intuit keys and redirect URI in Settings.', exitCode: exitCodes.configuration };
    case 'discovery_failed':
    case 'revoke_failed':
    case 'discovery_unreachable':
    case 'discovery_http_error':
    case 'discovery_malformed':
      return { fix: 'Check the internet connection and try again later.', exitCode: exitCodes.unreachable };
    case 'keychain_unavailable':
      return { fix: 'Start or sign in to the system keychain, then try again.', exitCode: exitCodes.keychain };
    case 'keychain_locked':
      return { fix: 'Unlock the system keychain, then try again.', exitCode: exitCodes.keychain };
    case 'keychain_module_missing':
      return { fix: 'Reinstall Realmkeeper.', exitCode: exitCodes.keychain };
    case 'keychain_entry_malformed':
      return { fix: 'Reconnect the company to replace its saved connection.', exitCode: exitCodes.keychain };
    case 'keychain_entry_too_large':
    case 'keychain_failed':
      return { fix: 'Try again; if it keeps happening, report it to Realmkeeper support.', exitCode: exitCodes.keychain };
    case 'database_locked':
      return { fix: 'Close the other copy of Realmkeeper, or wait a moment and try again.', exitCode: exitCodes.database };
    case 'database_corrupt':
      return { fix: 'Restore the database file from a backup, or move it away to start fresh.', exitCode: exitCodes.database };
    case 'database_too_new':
      return { fix: 'Update Realmkeeper.', exitCode: exitCodes.database };
    case 'database_unavailable':
      return { fix: 'Check the folder’s permissions and the free disk space.', exitCode: exitCodes.database };
    case 'config_key_unknown':
    case 'config_key_secret':
    case 'config_value_invalid':
      return { fix: 'Run `realmkeeper config` to see the settings and their allowed values.', exitCode: exitCodes.usage };
    case 'config_file_unreadable':
    case 'config_file_invalid_json':
    case 'config_file_invalid':
    case 'config_file_contains_secret':
    case 'config_file_write_failed':
    case 'data_directory_invalid':
      return { fix: 'Correct or move away the settings file named in the message.', exitCode: exitCodes.configuration };
    case 'loopback_port_busy':
      return { fix: 'Close the program using the port, or register another redirect URI.', exitCode: exitCodes.connectFailed };
    case 'lease_busy':
      // A live process kept the company's refresh longer than anyone waits: said, never taken from it.
      return { fix: 'Wait for the other Realmkeeper process to finish, or close it, then try again.', exitCode: exitCodes.failure };
  }
}

/** The exit code for a connect or refresh that ended with a diagnosed cause, by what there is to fix. */
export function exitCodeForCause(cause: Cause): ExitCode {
  switch (cause) {
    case 'keychain_unavailable':
      return exitCodes.keychain;
    case 'intuit_unreachable':
    case 'exchange_outcome_unknown':
    case 'outage':
      return exitCodes.unreachable;
    case 'invalid_client':
    case 'redirect_mismatch':
    case 'wrong_environment':
      return exitCodes.configuration;
    case 'exchange_interrupted':
      return exitCodes.failure;
    case 'code_reused':
    case 'code_expired':
    case 'code_rejected':
    case 'access_denied':
    case 'stale_refresh_token':
    case 'expired_refresh_token':
    case 'hard_cap_expired':
    case 'revoked':
    case 'answer_lost':
    case 'tokens_missing':
      return exitCodes.connectFailed;
  }
}
