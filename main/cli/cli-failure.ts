import { isConfigError, type ConfigErrorCode } from '../core/config/config-error';
import { isDiscoveryError } from '../core/discovery/discovery-error';
import { isEngineError, type EngineErrorCode } from '../core/engine/engine-error';
import { isKeychainError } from '../core/keychain/keychain-error';
import { redact } from '../core/redaction/redact-text';
import { isStorageError } from '../core/storage/storage-error';
import { exitCodes, type ExitCode } from './exit-codes';

/** An expected failure with the line to show and the code to exit with; never a stack trace. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';

  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export class UsageError extends CliFailure {
  constructor(message: string) {
    super(exitCodes.usage, message);
  }
}

export interface DescribedFailure {
  readonly exitCode: ExitCode;
  readonly message: string;
  /** False for bugs: the caller may offer the stack when asked to debug. */
  readonly expected: boolean;
}

/**
 * Maps every failure the core reports as a typed error to an exit code and one line. The line is
 * passed through `redact`, a second line of defence: no message is supposed to hold a secret.
 */
export function describeFailure(error: unknown): DescribedFailure {
  const described = classify(error);
  return { ...described, message: oneLine(redact(described.message)) };
}

function classify(error: unknown): DescribedFailure {
  if (error instanceof CliFailure) return { exitCode: error.exitCode, message: error.message, expected: true };
  if (isEngineError(error)) return { exitCode: engineExitCode(error.code), message: error.message, expected: true };
  if (isConfigError(error)) return { exitCode: configExitCode(error.code), message: error.message, expected: true };
  if (isStorageError(error)) return { exitCode: exitCodes.database, message: error.message, expected: true };
  if (isKeychainError(error)) return { exitCode: exitCodes.keychain, message: error.message, expected: true };
  if (isDiscoveryError(error)) return { exitCode: exitCodes.unreachable, message: error.message, expected: true };
  if (hasCode(error, 'loopback_port_busy')) return { exitCode: exitCodes.connectFailed, message: error.message, expected: true };
  // A live process kept the company's refresh longer than anyone waits.
  if (hasCode(error, 'lease_busy')) return { exitCode: exitCodes.failure, message: error.message, expected: true };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: exitCodes.failure, message: `Unexpected error: ${message}`, expected: false };
}

function engineExitCode(code: EngineErrorCode): ExitCode {
  switch (code) {
    case 'unknown_company':
    case 'ambiguous_company':
      return exitCodes.company;
    case 'environment_off':
    case 'configuration_invalid':
    case 'redirect_not_loopback':
      return exitCodes.configuration;
    case 'discovery_failed':
    case 'revoke_failed':
      return exitCodes.unreachable;
    case 'keychain_unavailable':
      return exitCodes.keychain;
  }
}

function configExitCode(code: ConfigErrorCode): ExitCode {
  switch (code) {
    case 'config_key_unknown':
    case 'config_key_secret':
    case 'config_value_invalid':
      return exitCodes.usage;
    case 'config_file_unreadable':
    case 'config_file_invalid_json':
    case 'config_file_invalid':
    case 'config_file_contains_secret':
    case 'config_file_write_failed':
    case 'data_directory_invalid':
      return exitCodes.configuration;
  }
}

function hasCode(error: unknown, code: string): error is Error & { code: string } {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}

/** Messages are shown on one line: a multi-line one would break scripts that read stderr by line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
