import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../../../main/core/config/config-file';
import { dataPaths, prepareDataDirectory } from '../../../main/core/config/data-directory';

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe.skipIf(process.platform === 'win32')('the data folder is private to the user', () => {
  let base: string;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'realmkeeper-private-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('creates the folder, and any missing parent, 0700', () => {
    const paths = dataPaths(join(base, 'config', 'Realmkeeper'), 'linux');
    prepareDataDirectory(paths, 'linux');
    expect(modeOf(paths.directory)).toBe(0o700);
    expect(modeOf(join(base, 'config'))).toBe(0o700);
  });

  it('tightens a folder and settings file an older version left open to others, when they are ours', () => {
    const paths = dataPaths(join(base, 'Realmkeeper'), 'linux');
    mkdirSync(paths.directory, { mode: 0o755 });
    chmodSync(paths.directory, 0o755);
    writeFileSync(paths.configFile, '{}\n', { mode: 0o644 });
    chmodSync(paths.configFile, 0o644);
    prepareDataDirectory(paths, 'linux');
    expect(modeOf(paths.directory)).toBe(0o700);
    expect(modeOf(paths.configFile)).toBe(0o600);
  });

  it('leaves a folder already stricter than 0700 as it is', () => {
    const paths = dataPaths(join(base, 'Realmkeeper'), 'linux');
    mkdirSync(paths.directory);
    chmodSync(paths.directory, 0o500);
    prepareDataDirectory(paths, 'linux');
    expect(modeOf(paths.directory)).toBe(0o500);
    chmodSync(paths.directory, 0o700);
  });

  it('writes the settings file 0600 into a folder it creates 0700', async () => {
    const paths = dataPaths(join(base, 'fresh', 'Realmkeeper'), 'linux');
    await writeConfigFile(paths.configFile, { keepAliveIntervalHours: 12 });
    expect(modeOf(paths.directory)).toBe(0o700);
    expect(modeOf(paths.configFile)).toBe(0o600);
  });
});
