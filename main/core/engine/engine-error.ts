import type { ValidationIssue } from '../config/validation-issue';

export type EngineErrorCode =
  | 'environment_off'
  | 'configuration_invalid'
  | 'discovery_failed'
  | 'unknown_company'
  | 'ambiguous_company'
  | 'keychain_unavailable'
  | 'redirect_not_loopback'
  /** Intuit could not be told of a disconnect, so the company was kept. */
  | 'revoke_failed';

/** An expected failure the bookkeeper can act on; `code` is for callers, `message` for people. */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}
