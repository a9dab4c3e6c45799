export type AppErrorCode = 'connect_in_progress' | 'url_not_allowed' | 'demo_keys_not_saved' | 'unknown_company';

/** An expected refusal by the app layer itself; like the core's errors, shown as it is. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
