import type { ApiFailure } from '../../preload/contract/api-contract';
import { describeError } from '../core/errors/expected-error';
import { isAppError } from './app-error';
import type { AppLogger } from './app-logger';

export const internalErrorCode = 'internal_error';

/**
 * Expected failures become values the window shows with their own message, decided by the
 * classifier the command line uses too; anything else is a bug: logged with its stack, and the
 * window gets a generic sentence, since an unexpected message may carry anything.
 */
export function toApiFailure(error: unknown, logger: AppLogger, action: string): ApiFailure {
  if (isAppError(error)) {
    logger.warn(`${action} failed: ${error.code}`);
    return { code: error.code, message: error.message };
  }
  const described = describeError(error);
  switch (described.kind) {
    case 'expected':
      logger.warn(`${action} failed: ${described.code}`);
      return { code: described.code, message: described.message };
    case 'unexpected':
      logger.error(`${action} failed unexpectedly`, error);
      return { code: internalErrorCode, message: 'Something went wrong inside Realmkeeper. The details are in the log file.' };
  }
}
