import { keychainBackendFor } from './keychain-backend';
import type { KeychainBackend } from './keychain-backend';
import { decodeGrant, encodeTokenSet, joinAccessParts } from './token-set-codec';
import type { StoredTokenSet } from './token-set-codec';
import type { SecretStore } from './secret-store';

export interface KeychainTokenVault {
  /**
   * undefined when no entry exists. On Linux a locked keyring also reads as "no entry", which
   * is why the keychain is probed before an absence is believed.
   */
  read(companyId: string): Promise<StoredTokenSet | undefined>;
  /**
   * Replaces the company's token set. The grant entry (the refresh token and which generation is
   * current) is one keychain write and goes first; an access token too large to ride in it
   * follows in parts tagged with that generation, so a crash in between loses only the access
   * token, never the refresh token.
   */
  write(companyId: string, tokenSet: StoredTokenSet): Promise<void>;
  /** Deletes only an entry it can read and decode; a malformed one stays and raises. */
  remove(companyId: string): Promise<boolean>;
  list(): Promise<Array<{ readonly companyId: string; readonly tokenSet: StoredTokenSet }>>;
}

const accountPrefix = 'company:';
const accessMarker = ':access:';

export function accountForCompany(companyId: string): string {
  return `${accountPrefix}${companyId}`;
}

function accessPartAccount(companyId: string, index: number): string {
  return `${accountForCompany(companyId)}${accessMarker}${index}`;
}

/** Token sets over a SecretStore: a grant entry per company, and access-token parts when needed. */
export function createKeychainTokenVault(
  store: SecretStore,
  options: { readonly platform?: NodeJS.Platform } = {},
): KeychainTokenVault {
  const backend: KeychainBackend = keychainBackendFor(options.platform ?? process.platform);

  async function decode(companyId: string, encoded: string): Promise<StoredTokenSet> {
    const grant = decodeGrant(encoded, backend);
    if (grant.kind === 'complete') return grant.tokenSet;
    const parts: Array<string | null> = [];
    for (let index = 0; index < grant.parts; index += 1) parts.push(await store.get(accessPartAccount(companyId, index)));
    return joinAccessParts(grant.tokenSet, parts);
  }

  async function read(companyId: string): Promise<StoredTokenSet | undefined> {
    const encoded = await store.get(accountForCompany(companyId));
    return encoded === null ? undefined : decode(companyId, encoded);
  }

  return {
    read,
    async write(companyId, tokenSet) {
      const encoded = encodeTokenSet(tokenSet, backend);
      await store.set(accountForCompany(companyId), encoded.grant);
      for (const [index, part] of encoded.accessParts.entries()) await store.set(accessPartAccount(companyId, index), part);
    },
    async remove(companyId) {
      // Reading first: an entry that cannot be read (locked, malformed) is reported, not erased.
      const existing = await read(companyId);
      if (existing === undefined) return false;
      const partPrefix = `${accountForCompany(companyId)}${accessMarker}`;
      for (const entry of await store.list()) {
        if (entry.account.startsWith(partPrefix)) await store.delete(entry.account);
      }
      return store.delete(accountForCompany(companyId));
    },
    async list() {
      const entries = await store.list();
      const grants = entries.filter((entry) => entry.account.startsWith(accountPrefix) && !entry.account.includes(accessMarker));
      const sets: Array<{ companyId: string; tokenSet: StoredTokenSet }> = [];
      for (const entry of grants) {
        const companyId = entry.account.slice(accountPrefix.length);
        sets.push({ companyId, tokenSet: await decode(companyId, entry.secret) });
      }
      return sets;
    },
  };
}
