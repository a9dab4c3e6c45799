import { describe, expect, it } from 'vitest';
import { listConfigEntries } from '../../../main/core/config/config-entries';
import type { ConfigFileContents } from '../../../main/core/config/config-file-schema';
import { dataPaths } from '../../../main/core/config/data-directory';
import type { EnvironmentVariables } from '../../../main/core/config/config-types';
import { resolveConfig } from '../../../main/core/config/resolve-config';

const paths = dataPaths('/home/ann/.config/Realmkeeper', 'linux');

function resolve(env: EnvironmentVariables, file: ConfigFileContents = {}) {
  return resolveConfig({ env, file, paths, dataDirectory: { value: paths.directory, source: { kind: 'default' } } });
}

describe('resolveConfig', () => {
  it('uses the defaults, with both environments off', () => {
    const config = resolve({});
    expect(config.sandbox).toMatchObject({
      enabled: false,
      discoveryUrl: { value: 'https://developer.api.intuit.com/.well-known/openid_sandbox_configuration', source: { kind: 'default' } },
      apiBaseUrl: { value: 'https://sandbox-quickbooks.api.intuit.com' },
      redirectMode: { value: 'loopback' },
      redirectUri: { value: 'http://localhost:8765/callback' },
      clientSecret: { kind: 'keychain', service: 'Realmkeeper' },
    });
    expect(config.production).toMatchObject({
      enabled: false,
      discoveryUrl: { value: 'https://developer.api.intuit.com/.well-known/openid_configuration' },
      apiBaseUrl: { value: 'https://quickbooks.api.intuit.com' },
      redirectMode: { value: 'custom-protocol' },
      redirectUri: { value: undefined },
    });
    expect(config.keepAliveIntervalHours.value).toBe(24);
    expect(config.refreshConcurrency.value).toBe(4);
    expect(config.notifications.value).toBe(true);
    expect(config.keychainService).toEqual({ value: 'Realmkeeper', source: { kind: 'default' } });
  });

  it('prefers the environment variable, then the file, then the default, and says which', () => {
    const config = resolve(
      {
        REALMKEEPER_SANDBOX_CLIENT_ID: ` ${'S'.repeat(50)}\n`,
        REALMKEEPER_SANDBOX_DISCOVERY_URL: 'http://127.0.0.1:4000/.well-known/openid_sandbox_configuration',
        REALMKEEPER_PRODUCTION_CLIENT_SECRET: 'z'.repeat(40),
        REALMKEEPER_KEYCHAIN_SERVICE: 'Realmkeeper-test',
        REALMKEEPER_SANDBOX_API_URL: '',
      },
      {
        sandbox: { clientId: 'F'.repeat(50), discoveryUrl: 'https://file.example.com/d', apiBaseUrl: 'https://api.example.com' },
        refreshConcurrency: 2,
      },
    );
    expect(config.sandbox.enabled).toBe(true);
    expect(config.sandbox.clientId).toEqual({
      value: 'S'.repeat(50),
      source: { kind: 'env', variable: 'REALMKEEPER_SANDBOX_CLIENT_ID' },
    });
    expect(config.sandbox.discoveryUrl.source).toEqual({ kind: 'env', variable: 'REALMKEEPER_SANDBOX_DISCOVERY_URL' });
    expect(config.sandbox.apiBaseUrl).toEqual({
      value: 'https://api.example.com',
      source: { kind: 'file', path: paths.configFile, key: 'sandbox.apiBaseUrl' },
    });
    expect(config.refreshConcurrency.source).toEqual({ kind: 'file', path: paths.configFile, key: 'refreshConcurrency' });
    expect(config.production.clientSecret).toEqual({ kind: 'env', variable: 'REALMKEEPER_PRODUCTION_CLIENT_SECRET' });
    expect(config.sandbox.clientSecret).toEqual({ kind: 'keychain', service: 'Realmkeeper-test' });
  });

  it('has no default redirect URI in custom-protocol mode', () => {
    expect(resolve({}, { sandbox: { redirectMode: 'custom-protocol' } }).sandbox.redirectUri.value).toBeUndefined();
  });

  it('lists every value with its source and never a secret', () => {
    const entries = listConfigEntries(resolve({ REALMKEEPER_SANDBOX_CLIENT_SECRET: 'q'.repeat(40) }));
    expect(entries.map((entry) => entry.key)).toContain('sandbox.redirectUri');
    expect(JSON.stringify(entries)).not.toContain('q'.repeat(40));
    expect(entries.find((entry) => entry.key === 'sandbox.clientSecret')).toEqual({
      key: 'sandbox.clientSecret',
      value: undefined,
      source: { kind: 'env', variable: 'REALMKEEPER_SANDBOX_CLIENT_SECRET' },
      settable: false,
    });
  });
});
