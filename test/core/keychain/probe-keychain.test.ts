import { describe, expect, it } from 'vitest';
import { keychainBackendFor } from '../../../main/core/keychain/keychain-backend';
import { createKeytarSecretStore } from '../../../main/core/keychain/keytar-secret-store';
import { probeAccountPrefix, probeKeychain } from '../../../main/core/keychain/probe-keychain';
import { keychainGate, skipUnlessAvailable, uniqueKeychainService } from '../../support/system-requirements';

describe('keychainBackendFor', () => {
  it('names the store keytar uses on each platform', () => {
    expect(keychainBackendFor('linux')).toBe('libsecret');
    expect(keychainBackendFor('darwin')).toBe('keychain');
    expect(keychainBackendFor('win32')).toBe('credential-manager');
    expect(keychainBackendFor('aix')).toBe('unsupported');
  });
});

describe('probeKeychain without the native module', () => {
  it('reports the module as missing instead of throwing', async () => {
    const store = createKeytarSecretStore({ loadBinding: () => Promise.reject(new Error('gone')) });
    const probe = await probeKeychain(store, { platform: 'darwin' });
    expect(probe).toMatchObject({ backend: 'keychain', available: false, error: { code: 'keychain_module_missing' } });
  });
});

const gate = await keychainGate();

describe('probeKeychain against the real keychain', () => {
  skipUnlessAvailable(gate);
  it('reports the backend as answering and leaves no probe entry behind', async () => {
    const store = createKeytarSecretStore({ service: uniqueKeychainService('probe-test') });
    const probe = await probeKeychain(store);
    expect(probe).toEqual({ backend: keychainBackendFor(process.platform), available: true });
    expect((await store.list()).filter((entry) => entry.account.startsWith(probeAccountPrefix))).toEqual([]);
  });
});
