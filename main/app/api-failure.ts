import type { ApiFailure } from '../../preload/contract/api-contract';
import { isConfigError } from '../core/config/config-error';
import { isEngineError } from '../core/engine/engine-error';
import { isKeychainError } from '../core/keychain/keychain-error';
import { isStorageError } from '../core/storage/storage-error';
import { isAppError } from './app-error';
import type { AppLogger } from './app-logger';

export const internalErrorCode = 'internal_error';

/**
 * Expected failures (typed core errors) become values the window shows with their own message;
 * anything else is a bug: logged with its stack, and the window gets a generic sentence, since
 * an unexpected message may carry anything.
 */
export function toApiFailure(error: unknown, logger: AppLogger, action: string): ApiFailure {
  if (isAppError(error) || isEngineError(error) || isStorageError(error) || isKeychainError(error) || isConfigError(error)) {
    logger.warn(`${action} failed: ${error.code}`);
    return { code: error.code, message: error.message };
  }
  logger.error(`${action} failed unexpectedly`, error);
  return { code: internalErrorCode, message: 'Something went wrong inside Realmkeeper. The details are in the log file.' };
}
