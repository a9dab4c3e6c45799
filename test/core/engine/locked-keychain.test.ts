import { describe, expect, it } from 'vitest';
import { KeychainError } from '../../../main/core/keychain/keychain-error';
import type { SecretStore } from '../../../main/core/keychain/secret-store';
import { useHarness, type EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompany } from './support/refresh-fixtures';

/**
 * A locked Secret Service, as measured on gnome-keyring (see keychain-failures.test.ts): reads
 * answer "no entry", writes fail with "Cannot create an item in a locked collection".
 */
function asLocked(store: SecretStore): SecretStore {
  return {
    ...store,
    get: async () => null,
    list: async () => [],
    set: async () => {
      throw new KeychainError('keychain_locked', 'libsecret');
    },
  };
}

describe('a keychain that locks after companies were connected', () => {
  let harness: EngineHarness;

  useHarness((created) => {
    harness = created;
  });

  it('backs off with the keychain as the reason and never flags the company or touches its entry', async () => {
    const unlocked = await harness.openEngine();
    const larry = await connectCompany(harness, unlocked, "Larry's Bakery");
    await unlocked.close();

    const locked = await harness.openEngine({ secretStore: asLocked(harness.secrets) });
    const result = await locked.refresh(larry.id);
    expect(result).toMatchObject({ kind: 'retrying', reason: 'keychain' });
    expect(companyView(locked, larry.id)).toMatchObject({ status: 'retrying', cause: null });
    expect(harness.events.filter((event) => event.kind === 'needs_reconnect')).toHaveLength(0);
    await locked.close();

    const unlockedAgain = await harness.openEngine();
    expect(await unlockedAgain.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
  });
});
