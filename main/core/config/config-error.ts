export type ConfigErrorCode =
  | 'config_file_unreadable'
  | 'config_file_invalid_json'
  | 'config_file_invalid'
  | 'config_file_contains_secret'
  | 'config_file_write_failed'
  | 'config_key_unknown'
  | 'config_key_secret'
  | 'config_value_invalid'
  | 'data_directory_invalid';

export interface ConfigErrorDetails {
  /** The config file concerned, when there is one. */
  path?: string;
  /** The dotted key (`sandbox.redirectUri`) or environment variable concerned. */
  key?: string;
  cause?: unknown;
}

/** Callers branch on `code`; the message is for the bookkeeper and says what to change where. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly path: string | undefined;
  readonly key: string | undefined;

  constructor(code: ConfigErrorCode, message: string, details: ConfigErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.path = details.path;
    this.key = details.key;
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
