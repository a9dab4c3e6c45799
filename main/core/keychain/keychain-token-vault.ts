import { keychainBackendFor } from './keychain-backend';
import type { KeychainBackend } from './keychain-backend';
import { decodeTokenSet, encodeTokenSet } from './token-set-codec';
import type { StoredTokenSet } from './token-set-codec';
import type { SecretStore } from './secret-store';

export interface KeychainTokenVault {
  /**
   * undefined when no entry exists. On Linux a locked keyring also reads as "no entry", which
   * is why the app probes the keychain at start before trusting an absence.
   */
  read(companyId: string): Promise<StoredTokenSet | undefined>;
  /** Replaces the company's whole token set in one keychain write. */
  write(companyId: string, tokenSet: StoredTokenSet): Promise<void>;
  /** Deletes only an entry it can read and decode; a malformed one stays and raises. */
  remove(companyId: string): Promise<boolean>;
  list(): Promise<Array<{ readonly companyId: string; readonly tokenSet: StoredTokenSet }>>;
}

const accountPrefix = 'company:';

export function accountForCompany(companyId: string): string {
  return `${accountPrefix}${companyId}`;
}

/** Token sets over a SecretStore, one entry per company. */
export function createKeychainTokenVault(
  store: SecretStore,
  options: { readonly platform?: NodeJS.Platform } = {},
): KeychainTokenVault {
  const backend: KeychainBackend = keychainBackendFor(options.platform ?? process.platform);

  async function read(companyId: string): Promise<StoredTokenSet | undefined> {
    const encoded = await store.get(accountForCompany(companyId));
    return encoded === null ? undefined : decodeTokenSet(encoded, backend);
  }

  return {
    read,
    async write(companyId, tokenSet) {
      await store.set(accountForCompany(companyId), encodeTokenSet(tokenSet, backend));
    },
    async remove(companyId) {
      // Reading first: an entry that cannot be read (locked, malformed) is reported, not erased.
      const existing = await read(companyId);
      if (existing === undefined) {
        return false;
      }
      return store.delete(accountForCompany(companyId));
    },
    async list() {
      const entries = await store.list();
      return entries
        .filter((entry) => entry.account.startsWith(accountPrefix))
        .map((entry) => ({
          companyId: entry.account.slice(accountPrefix.length),
          tokenSet: decodeTokenSet(entry.secret, backend),
        }));
    },
  };
}
