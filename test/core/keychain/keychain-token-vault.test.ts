import { afterAll, describe, expect, it } from 'vitest';
import { createKeychainTokenVault, accountForCompany } from '../../../main/core/keychain/keychain-token-vault';
import { createKeytarSecretStore } from '../../../main/core/keychain/keytar-secret-store';
import { keychainGate, removeAllSecrets, skipUnlessAvailable, uniqueKeychainService } from '../../support/system-requirements';
import { alphanumeric, largestTokenSet } from './fixtures/sample-token-sets';

const gate = await keychainGate();

describe('keychain token vault, against the real keychain', () => {
  skipUnlessAvailable(gate);
  const store = createKeytarSecretStore({ service: uniqueKeychainService('vault') });
  const vault = createKeychainTokenVault(store);

  afterAll(async () => {
    if (gate.run) await removeAllSecrets(store);
  });

  it('stores the largest token set in one entry and reads it back whole', async () => {
    const tokenSet = largestTokenSet();
    await vault.write('company-1', tokenSet);
    expect(await vault.read('company-1')).toEqual(tokenSet);
    const entries = await store.list();
    expect(entries.filter((entry) => entry.account === accountForCompany('company-1'))).toHaveLength(1);
  });

  it('replaces the whole set with one write', async () => {
    const first = largestTokenSet();
    const second = { ...first, refreshToken: 'RT1-new-refresh-token-000000000000000', generation: 2 };
    await vault.write('company-2', first);
    await vault.write('company-2', second);
    expect(await vault.read('company-2')).toEqual(second);
  });

  it('reads an absent company as undefined', async () => {
    expect(await vault.read('nobody')).toBeUndefined();
    expect(await vault.remove('nobody')).toBe(false);
  });

  it('lists token sets by company', async () => {
    await vault.write('company-3', { ...largestTokenSet(), realmId: '123' });
    const listed = await vault.list();
    expect(listed.find((entry) => entry.companyId === 'company-3')?.tokenSet.realmId).toBe('123');
  });

  it('reports a malformed entry and never deletes it', async () => {
    await store.set(accountForCompany('broken'), '{"v":1,"a":"half a token set"}');
    await expect(vault.read('broken')).rejects.toMatchObject({ code: 'keychain_entry_malformed' });
    await expect(vault.remove('broken')).rejects.toMatchObject({ code: 'keychain_entry_malformed' });
    await expect(vault.list()).rejects.toMatchObject({ code: 'keychain_entry_malformed' });
    expect(await store.get(accountForCompany('broken'))).toBe('{"v":1,"a":"half a token set"}');
    await store.delete(accountForCompany('broken'));
  });

  it('keeps an access token too large for one entry beside the grant, and removes every part', async () => {
    const tokenSet = { ...largestTokenSet(), accessToken: alphanumeric(9_000, 'huge') };
    await vault.write('company-5', tokenSet);
    expect(await vault.read('company-5')).toEqual(tokenSet);
    const accounts = (await store.list()).map((entry) => entry.account).filter((account) => account.startsWith(accountForCompany('company-5')));
    expect(accounts.length).toBeGreaterThan(1);
    expect((await vault.list()).filter((entry) => entry.companyId.startsWith('company-5'))).toHaveLength(1);
    expect(await vault.remove('company-5')).toBe(true);
    expect((await store.list()).filter((entry) => entry.account.startsWith(accountForCompany('company-5')))).toEqual([]);
  });

  it('removes a readable entry', async () => {
    await vault.write('company-4', largestTokenSet());
    expect(await vault.remove('company-4')).toBe(true);
    expect(await vault.read('company-4')).toBeUndefined();
  });
});
