import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../main/core/config/config-error';
import { readConfigFile, writeConfigFile } from '../../../main/core/config/config-file';
import { loadConfig } from '../../../main/core/config/resolve-config';
import { setConfigValue, unsetConfigValue } from '../../../main/core/config/set-config-value';

let directory: string;
let configFile: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'realmkeeper-config-'));
  configFile = path.join(directory, 'config.json');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ConfigError)) {
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  }
  return error;
}

describe('readConfigFile and writeConfigFile', () => {
  it('reads a missing file as empty', async () => {
    expect(await readConfigFile(configFile)).toEqual({ path: configFile, exists: false, contents: {} });
  });

  it('round-trips through a temporary file and leaves no temporary file behind', async () => {
    const contents = { sandbox: { redirectMode: 'loopback' as const }, refreshConcurrency: 2, notifications: false };
    await writeConfigFile(path.join(directory, 'nested', 'config.json'), contents);
    await writeConfigFile(configFile, contents);
    expect((await readConfigFile(configFile)).contents).toEqual(contents);
    expect(await readdir(directory)).toEqual(['config.json', 'nested']);
  });

  it('reports invalid JSON with the file path', async () => {
    await writeFile(configFile, '{"refreshConcurrency": 4,');
    const error = await failure(readConfigFile(configFile));
    expect(error.code).toBe('config_file_invalid_json');
    expect(error.message).toContain(configFile);
  });

  it('names the bad field and the file', async () => {
    await writeFile(configFile, JSON.stringify({ sandbox: { redirectMode: 'browser' } }));
    const error = await failure(readConfigFile(configFile));
    expect(error.code).toBe('config_file_invalid');
    expect(error.key).toBe('sandbox.redirectMode');
    expect(error.message).toContain('"sandbox.redirectMode"');
    expect(error.message).toContain(configFile);
  });

  it('names an unknown key', async () => {
    await writeFile(configFile, JSON.stringify({ production: { clientID: 'x' } }));
    const error = await failure(readConfigFile(configFile));
    expect(error.code).toBe('config_file_invalid');
    expect(error.key).toBe('production.clientID');
  });

  it('refuses a file that holds a secret', async () => {
    await writeFile(configFile, JSON.stringify({ sandbox: { clientSecret: 'x'.repeat(40) } }));
    const error = await failure(readConfigFile(configFile));
    expect(error.code).toBe('config_file_contains_secret');
    expect(error.key).toBe('sandbox.clientSecret');
    expect(error.message).not.toContain('x'.repeat(40));
  });

  it.each([
    [{ refreshConcurrency: 2.5 }, 'refreshConcurrency', /whole number from 1 to 16/],
    [{ refreshConcurrency: '4' }, 'refreshConcurrency', /whole number/],
    [{ keepAliveIntervalHours: 0 }, 'keepAliveIntervalHours', /from 1 to 24/],
    [{ notifications: 'yes' }, 'notifications', /true or false/],
    [{ sandbox: 'on' }, 'sandbox', /must be an object/],
    [{ sandbox: { clientId: '' } }, 'sandbox.clientId', /must not be empty/],
    [{ sandbox: { redirectUri: 7 } }, 'sandbox.redirectUri', /must be text/],
    [{ extra: true }, 'extra', /is not a Realmkeeper setting/],
    [[], '', /must be an object/],
  ])('refuses %j, naming %s', async (contents, key, problem) => {
    await writeFile(configFile, JSON.stringify(contents));
    const error = await failure(readConfigFile(configFile));
    expect(error.code).toBe('config_file_invalid');
    expect(error.key).toBe(key);
    expect(error.message).toMatch(problem);
  });

  it('refuses an insecure API address', async () => {
    await writeFile(configFile, JSON.stringify({ production: { apiBaseUrl: 'http://quickbooks.example.com' } }));
    const error = await failure(readConfigFile(configFile));
    expect(error.key).toBe('production.apiBaseUrl');
    expect(error.message).toContain('https');
  });
});

describe('setConfigValue', () => {
  it('sets values, converting command-line text to the right type', async () => {
    await setConfigValue(configFile, 'keepAliveIntervalHours', '12');
    await setConfigValue(configFile, 'notifications', 'off');
    await setConfigValue(configFile, 'sandbox.redirectUri', 'http://localhost:9000/callback');
    await setConfigValue(configFile, 'production.clientId', 'A'.repeat(50));
    expect(JSON.parse(await readFile(configFile, 'utf8'))).toEqual({
      keepAliveIntervalHours: 12,
      notifications: false,
      sandbox: { redirectUri: 'http://localhost:9000/callback' },
      production: { clientId: 'A'.repeat(50) },
    });
    await unsetConfigValue(configFile, 'notifications');
    expect((await readConfigFile(configFile)).contents.notifications).toBeUndefined();
  });

  it('lists the valid keys for an unknown one', async () => {
    const error = await failure(setConfigValue(configFile, 'sandbox.redirect', 'x'));
    expect(error.code).toBe('config_key_unknown');
    expect(error.message).toContain('sandbox.redirectUri');
    expect(error.message).toContain('refreshConcurrency');
  });

  it.each(['sandbox.clientSecret', 'production.client_secret', 'refreshToken'])('refuses the secret key %s', async (key) => {
    const error = await failure(setConfigValue(configFile, key, 'y'.repeat(40)));
    expect(error.code).toBe('config_key_secret');
    expect(error.message).not.toContain('y'.repeat(40));
  });

  it.each([
    ['refreshConcurrency', '0'],
    ['refreshConcurrency', '2.5'],
    ['keepAliveIntervalHours', '48'],
    ['notifications', 'maybe'],
    ['sandbox.redirectMode', 'browser'],
    ['sandbox.discoveryUrl', 'not a url'],
    ['sandbox.clientId', 'too-short'],
  ])('refuses %s = %s', async (key, value) => {
    const error = await failure(setConfigValue(configFile, key, value));
    expect(error.code).toBe('config_value_invalid');
    expect(error.key).toBe(key);
  });

  it('never overwrites a malformed file', async () => {
    await writeFile(configFile, '{ broken');
    const error = await failure(setConfigValue(configFile, 'refreshConcurrency', '2'));
    expect(error.code).toBe('config_file_invalid_json');
    expect(await readFile(configFile, 'utf8')).toBe('{ broken');
  });
});

describe('loadConfig', () => {
  it('reads config.json from REALMKEEPER_HOME and resolves it', async () => {
    await setConfigValue(configFile, 'refreshConcurrency', 3);
    const config = await loadConfig({ env: { REALMKEEPER_HOME: directory }, platform: 'linux', homeDirectory: '/nonexistent' });
    expect(config.paths.configFile).toBe(configFile);
    expect(config.refreshConcurrency).toEqual({ value: 3, source: { kind: 'file', path: configFile, key: 'refreshConcurrency' } });
  });
});
