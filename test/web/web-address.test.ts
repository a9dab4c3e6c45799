import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/app/app-logger';
import { createMemorySecretStore } from '../../main/app/memory-secret-store';
import type { SecretStore } from '../../main/core/keychain/secret-store';
import { defaultWebPort, keptWebToken, readWebPort, webTokenAccount } from '../../main/web/web-address';

describe('the browser shell keeps its address', () => {
  it('uses the fixed default port unless told otherwise, and 0 for a free one', () => {
    expect(readWebPort(undefined, 'REALMKEEPER_WEB_PORT')).toBe(defaultWebPort);
    expect(readWebPort(' ', 'REALMKEEPER_WEB_PORT')).toBe(defaultWebPort);
    expect(readWebPort('0', 'REALMKEEPER_WEB_PORT')).toBe(0);
    expect(() => readWebPort('http', 'REALMKEEPER_WEB_PORT')).toThrow(/not a port number/);
  });

  it('makes the token once and gives the same one at every start', async () => {
    const secrets = createMemorySecretStore('test');
    const first = await keptWebToken(secrets, silentLogger);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await keptWebToken(secrets, silentLogger)).toBe(first);
    expect(await secrets.get(webTokenAccount)).toBe(first);
  });

  it('still starts, with a token for this run, when the keychain does not answer', async () => {
    const broken: SecretStore = {
      service: 'broken',
      get: () => Promise.reject(new Error('locked')),
      set: () => Promise.reject(new Error('locked')),
      delete: () => Promise.reject(new Error('locked')),
      list: () => Promise.reject(new Error('locked')),
    };
    expect(await keptWebToken(broken, silentLogger)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
