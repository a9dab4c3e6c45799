import { afterAll, describe, expect, it } from 'vitest';
import { KeychainError } from '../../../main/core/keychain/keychain-error';
import { createKeytarSecretStore, keychainCallsStuck, onKeychainStopsAnswering } from '../../../main/core/keychain/keytar-secret-store';
import { waitUntil } from '../../support/wait-until';
import { keychainGate, removeAllSecrets, skipUnlessAvailable, uniqueKeychainService } from '../../support/system-requirements';

describe('keytar secret store, a keychain that stops answering', () => {
  it('says locked after the timeout, fails at once while the call is out, and goes ahead once a write probe shows the keychain working', async () => {
    let release: (value: string | null) => void = () => undefined;
    let locked = true;
    const reads: string[] = [];
    const probes: string[] = [];
    const binding = {
      getPassword: (_service: string, account: string) => {
        reads.push(account);
        return account === 'stuck' ? new Promise<string | null>((resolve) => (release = resolve)) : Promise.resolve(`secret of ${account}`);
      },
      setPassword: (_service: string, account: string) => {
        probes.push(locked ? 'refused' : 'taken');
        // What gnome-keyring answers a write to a locked collection, at once.
        return locked ? Promise.reject(new Error('Cannot create an item in a locked collection')) : Promise.resolve(void account);
      },
      deletePassword: () => Promise.resolve(true),
      findCredentials: () => Promise.resolve([]),
    };
    const store = createKeytarSecretStore({ platform: 'linux', callTimeoutMs: 50, loadBinding: () => Promise.resolve({ default: binding }) });
    const stuck = store.get('stuck').catch((caught: unknown) => caught);
    const queued = store.get('queued behind it').catch((caught: unknown) => caught);
    const error = await stuck;
    expect(error).toBeInstanceOf(KeychainError);
    expect(error).toMatchObject({ code: 'keychain_locked' });
    expect((error as KeychainError).message).toContain('did not answer within');
    expect(keychainCallsStuck()).toBe(1);

    // Queued behind the stuck call, it fails at once instead of waiting out a timeout of its own.
    const queuedError = await queued;
    expect(queuedError).toMatchObject({ code: 'keychain_locked' });
    expect((queuedError as KeychainError).message).toContain('has not been answered');

    // A timeout later, a call is let through only after a write probe: still locked, it is refused.
    await waitUntil(() => probes.length > 0 || store.get('while locked').then(() => false, () => probes.length > 0), 'a write probe was tried');
    expect(probes).toEqual(['refused']);
    expect(reads).toEqual(['stuck']);

    // Unlocked: the next probe is taken, and the call goes ahead, and so do the calls after it.
    locked = false;
    await waitUntil(async () => (await store.get('trial').catch(() => undefined)) === 'secret of trial', 'a call went through after the unlock');
    expect(await store.get('after the trial')).toBe('secret of after the trial');
    expect(probes).toEqual(['refused', 'taken']);
    expect(reads).toEqual(['stuck', 'trial', 'after the trial']);

    release('late');
    await waitUntil(() => keychainCallsStuck() === 0, 'the stuck call returned');
  });
});

describe('keytar secret store, a keychain that answers nothing at all', () => {
  it('stops calling it once a probe sticks too (two calls out), tells its listeners once, and calls again when they return', async () => {
    const releases: Array<() => void> = [];
    const hang = <T>(value: T) => new Promise<T>((resolve) => releases.push(() => resolve(value)));
    const binding = {
      getPassword: () => hang<string | null>(null),
      setPassword: () => hang<void>(undefined),
      deletePassword: () => Promise.resolve(true),
      findCredentials: () => Promise.resolve([]),
    };
    const heard: number[] = [];
    const stopListening = onKeychainStopsAnswering(({ unansweredCalls }) => heard.push(unansweredCalls));
    const store = createKeytarSecretStore({ platform: 'linux', callTimeoutMs: 30, loadBinding: () => Promise.resolve({ default: binding }) });
    try {
      // The first call sticks; a timeout later one write probe is tried, and it sticks too.
      await waitUntil(async () => {
        await store.get('anything').catch(() => undefined);
        return keychainCallsStuck() === 2;
      }, 'two calls were out');
      expect(heard).toEqual([2]);
      const refused = await store.get('anything').catch((caught: unknown) => caught);
      expect((refused as KeychainError).message).toContain('restart Realmkeeper');
      expect(releases).toHaveLength(2);
    } finally {
      stopListening();
      for (const release of releases) release();
    }
    await waitUntil(() => keychainCallsStuck() === 0, 'the stuck calls returned');
  });
});

describe('keytar secret store, loading', () => {
  it('does not load keytar until first used', () => {
    let loads = 0;
    createKeytarSecretStore({
      loadBinding: () => {
        loads += 1;
        return Promise.reject(new Error('not now'));
      },
    });
    expect(loads).toBe(0);
  });

  it('turns a missing native module into keychain_module_missing', async () => {
    const store = createKeytarSecretStore({
      platform: 'linux',
      loadBinding: () => Promise.reject(new Error("Cannot find module '../build/Release/keytar.node'")),
    });
    const error = await store.get('anything').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeychainError);
    expect(error).toMatchObject({ code: 'keychain_module_missing', backend: 'libsecret' });
    expect((error as KeychainError).message).toContain('Reinstall Realmkeeper');
  });

  it('turns a module without keytar’s functions into keychain_module_missing', async () => {
    const store = createKeytarSecretStore({ loadBinding: () => Promise.resolve({ default: {} }) });
    await expect(store.list()).rejects.toMatchObject({ code: 'keychain_module_missing' });
  });

  it('tries loading again after a failure', async () => {
    let attempts = 0;
    const store = createKeytarSecretStore({
      loadBinding: () => {
        attempts += 1;
        return Promise.reject(new Error('missing'));
      },
    });
    await store.get('a').catch(() => undefined);
    await store.get('a').catch(() => undefined);
    expect(attempts).toBe(2);
  });
});

const gate = await keychainGate();

describe('keytar secret store, against the real keychain', () => {
  skipUnlessAvailable(gate);
  const store = createKeytarSecretStore({ service: uniqueKeychainService('store') });

  afterAll(async () => {
    if (gate.run) await removeAllSecrets(store);
  });

  it('sets, gets, lists and deletes entries under its own service name only', async () => {
    const other = createKeytarSecretStore({ service: uniqueKeychainService('other') });
    await store.set('alpha', 'secret-a');
    await store.set('beta', 'secret-b');
    await other.set('alpha', 'not yours');
    try {
      expect(await store.get('alpha')).toBe('secret-a');
      expect((await store.list()).sort((left, right) => left.account.localeCompare(right.account))).toEqual([
        { account: 'alpha', secret: 'secret-a' },
        { account: 'beta', secret: 'secret-b' },
      ]);
      expect(await store.delete('alpha')).toBe(true);
      expect(await store.delete('alpha')).toBe(false);
      expect(await store.get('alpha')).toBeNull();
      expect(await other.get('alpha')).toBe('not yours');
    } finally {
      await removeAllSecrets(other);
    }
  });

  it('overwrites an entry in place', async () => {
    await store.set('gamma', 'first');
    await store.set('gamma', 'second');
    expect(await store.get('gamma')).toBe('second');
    expect((await store.list()).filter((entry) => entry.account === 'gamma')).toHaveLength(1);
  });
});
