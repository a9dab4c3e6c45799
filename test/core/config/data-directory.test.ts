import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../../main/core/config/config-error';
import { dataPaths, resolveDataDirectory } from '../../../main/core/config/data-directory';

describe('resolveDataDirectory', () => {
  it.each([
    ['win32', 'C:\\Users\\ann', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann\\AppData\\Roaming\\Realmkeeper'],
    ['win32', 'C:\\Users\\ann', {}, 'C:\\Users\\ann\\AppData\\Roaming\\Realmkeeper'],
    ['darwin', '/Users/ann', {}, '/Users/ann/Library/Application Support/Realmkeeper'],
    ['linux', '/home/ann', {}, '/home/ann/.config/Realmkeeper'],
    ['linux', '/home/ann', { XDG_CONFIG_HOME: '/srv/config' }, '/srv/config/Realmkeeper'],
    ['linux', '/home/ann', { XDG_CONFIG_HOME: 'relative/config' }, '/home/ann/.config/Realmkeeper'],
  ] as const)('on %s with home %s and %j uses %s', (platform, homeDirectory, env, expected) => {
    expect(resolveDataDirectory({ platform, homeDirectory, env })).toEqual({
      value: expected,
      source: { kind: 'default' },
    });
  });

  it('lets REALMKEEPER_HOME override it, and records that', () => {
    const resolved = resolveDataDirectory({
      platform: 'linux',
      homeDirectory: '/home/ann',
      env: { REALMKEEPER_HOME: '/tmp/rk/' },
    });
    expect(resolved).toEqual({ value: '/tmp/rk/', source: { kind: 'env', variable: 'REALMKEEPER_HOME' } });
  });

  it('treats an empty REALMKEEPER_HOME as unset', () => {
    const resolved = resolveDataDirectory({ platform: 'linux', homeDirectory: '/home/ann', env: { REALMKEEPER_HOME: '' } });
    expect(resolved.source).toEqual({ kind: 'default' });
  });

  it('refuses a relative REALMKEEPER_HOME with a code', () => {
    expect(() =>
      resolveDataDirectory({ platform: 'win32', homeDirectory: 'C:\\Users\\ann', env: { REALMKEEPER_HOME: 'data' } }),
    ).toThrowError(expect.objectContaining({ code: 'data_directory_invalid', key: 'REALMKEEPER_HOME' }) as ConfigError);
  });
});

describe('dataPaths', () => {
  it('puts the database, logs and config file in the data directory', () => {
    expect(dataPaths('/home/ann/.config/Realmkeeper', 'linux')).toEqual({
      directory: '/home/ann/.config/Realmkeeper',
      database: '/home/ann/.config/Realmkeeper/realmkeeper.db',
      logs: '/home/ann/.config/Realmkeeper/logs',
      configFile: '/home/ann/.config/Realmkeeper/config.json',
    });
    expect(dataPaths('C:\\Users\\ann\\AppData\\Roaming\\Realmkeeper', 'win32').database).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Realmkeeper\\realmkeeper.db',
    );
  });
});
