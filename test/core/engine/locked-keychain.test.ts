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

  it('a keychain unlocked between the read that found nothing and the probe does not make the company lose its keys', async () => {
    const engine = await harness.openEngine();
    const larry = await connectCompany(harness, engine, "Larry's Bakery");
    await engine.close();

    // The race the chaos run met: the company's entry is read while the keyring is locked ("no
    // entry"), and the keyring is unlocked before the probe that decides whether to believe it.
    let unlocked = false;
    let lockedReads = 0;
    const unlockedBeforeTheProbe: SecretStore = {
      ...harness.secrets,
      get: async (account) => {
        if (!unlocked) {
          lockedReads += 1;
          return null;
        }
        return harness.secrets.get(account);
      },
      set: async (account, secret) => {
        unlocked = true;
        return harness.secrets.set(account, secret);
      },
    };
    await harness.advanceClock(61 * 60_000);
    const racing = await harness.openEngine({ secretStore: unlockedBeforeTheProbe });
    expect(await racing.getAccessToken(larry.id)).toMatchObject({ kind: 'token' });
    expect(lockedReads).toBeGreaterThan(0);
    expect(companyView(racing, larry.id)).toMatchObject({ status: 'connected', cause: null });
    expect(harness.events.filter((event) => event.kind === 'needs_reconnect')).toHaveLength(0);
  });

  it('a keychain that answers but has no entry for the company flags it tokens_missing', async () => {
    const engine = await harness.openEngine();
    const larry = await connectCompany(harness, engine, "Larry's Bakery");
    await engine.close();
    const emptied: SecretStore = { ...harness.secrets, get: async (account) => (account.startsWith('company:') ? null : harness.secrets.get(account)) };

    const reader = await harness.openEngine({ secretStore: emptied });
    expect(await reader.refresh(larry.id)).toMatchObject({ kind: 'needs_reconnect', cause: 'tokens_missing' });
    expect(companyView(reader, larry.id)).toMatchObject({ status: 'needs_reconnect', cause: 'tokens_missing' });
  });
});
