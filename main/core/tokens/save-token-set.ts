import { setTimeout as sleep } from 'node:timers/promises';
import { isKeychainError, type KeychainErrorCode } from '../keychain/keychain-error';
import type { TokenSet } from './token-set';
import type { TokenVault } from './token-vault';

export interface PendingSave {
  readonly companyId: string;
  /** How many writes failed so far. */
  readonly failures: number;
  readonly code: KeychainErrorCode | 'unexpected';
  readonly detail: string;
}

export interface SaveOptions {
  /** Told after each failed write, so the bookkeeper learns at once what to do and what is at stake. */
  readonly onPending?: (pending: PendingSave) => void;
  /** Waits between writes: short at first (a prompt being answered), then every half minute. */
  readonly retryDelaysMs?: readonly number[];
  /** Aborts the retries (the process is being told to stop); the last error is then raised. */
  readonly signal?: AbortSignal;
}

const defaultRetryDelaysMs = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Writes a token set Intuit just issued, and keeps trying while the process lives. Intuit has
 * already replaced the previous refresh token, so this set exists nowhere else: dropping it on a
 * locked keyring would lose the company. Never falls back to plain text.
 */
export async function saveUntilStored(vault: TokenVault, companyId: string, tokenSet: TokenSet, options: SaveOptions = {}): Promise<number> {
  const delays = options.retryDelaysMs ?? defaultRetryDelaysMs;
  for (let failures = 0; ; failures += 1) {
    try {
      await vault.write(companyId, tokenSet);
      return failures;
    } catch (error) {
      const code = isKeychainError(error) ? error.code : 'unexpected';
      // A set the codec refuses will be refused again: retrying cannot help, and it is a bug.
      if (code === 'keychain_entry_too_large' || error instanceof TypeError) throw error;
      options.onPending?.({ companyId, failures: failures + 1, code, detail: error instanceof Error ? error.message : String(error) });
      if (options.signal?.aborted === true) throw error;
      const delay = delays[Math.min(failures, delays.length - 1)] ?? 30_000;
      try {
        await sleep(delay, undefined, { signal: options.signal });
      } catch {
        throw error;
      }
    }
  }
}
