export type DiscoveryErrorCode = 'discovery_unreachable' | 'discovery_http_error' | 'discovery_malformed';

export interface DiscoveryErrorDetails {
  url: string;
  /** The HTTP status, for `discovery_http_error`. */
  status?: number;
  /** Why the server did not answer, for `discovery_unreachable`. */
  reason?: 'timeout' | 'network';
  /** The first field that failed validation, for `discovery_malformed`. */
  field?: string;
  cause?: unknown;
}

/** Callers branch on `code`; the message is for people. */
export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';
  readonly code: DiscoveryErrorCode;
  readonly url: string;
  readonly status: number | undefined;
  readonly reason: 'timeout' | 'network' | undefined;
  readonly field: string | undefined;

  constructor(code: DiscoveryErrorCode, message: string, details: DiscoveryErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.url = details.url;
    this.status = details.status;
    this.reason = details.reason;
    this.field = details.field;
  }
}

export function isDiscoveryError(error: unknown): error is DiscoveryError {
  return error instanceof DiscoveryError;
}
