import { randomBytes } from 'node:crypto';
import { keychainBackendFor } from './keychain-backend';
import type { KeychainBackend } from './keychain-backend';
import { classifyKeychainFailure, KeychainError } from './keychain-error';
import type { SecretStore } from './secret-store';

export type KeychainProbeResult =
  | { readonly backend: KeychainBackend; readonly available: true }
  | { readonly backend: KeychainBackend; readonly available: false; readonly error: KeychainError };

export const probeAccountPrefix = 'realmkeeper-probe:';

/**
 * Checks at start that the keychain really answers: writes a random probe entry, reads it
 * back and deletes it. A write is needed because a locked libsecret keyring answers reads with
 * "nothing stored" rather than an error. The probe deletes only the entry it just read back.
 */
export async function probeKeychain(
  store: SecretStore,
  options: { readonly platform?: NodeJS.Platform } = {},
): Promise<KeychainProbeResult> {
  const backend = keychainBackendFor(options.platform ?? process.platform);
  const account = `${probeAccountPrefix}${randomBytes(8).toString('hex')}`;
  const value = randomBytes(16).toString('hex');
  try {
    await store.set(account, value);
    const readBack = await store.get(account);
    if (readBack !== value) {
      return {
        backend,
        available: false,
        error: new KeychainError('keychain_failed', backend, {
          detail: 'the probe entry did not read back as written',
        }),
      };
    }
    await store.delete(account);
    return { backend, available: true };
  } catch (error) {
    return { backend, available: false, error: classifyKeychainFailure(error, backend) };
  }
}
