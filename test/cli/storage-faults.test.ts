import { copyFileSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useHarness, type EngineHarness } from '../support/engine-harness';
import { cliEnvironment, connectThroughCli, runCli, useCliBuild } from './cli-process';

vi.setConfig({ testTimeout: 90_000 });

useCliBuild();

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('the data folder and its database, from the command line', () => {
  let harness: EngineHarness;
  let env: NodeJS.ProcessEnv;

  useHarness((created) => {
    harness = created;
    env = cliEnvironment(created);
  }, { keychain: 'system' });

  it('reports an emptied database as damaged (exit 6), keeps the keychain entry, and works again once the file is restored', async () => {
    await connectThroughCli(harness, env, "Larry's Bakery");
    const database = join(harness.home, 'realmkeeper.db');
    const backup = join(harness.home, 'backup.db');
    // A backup as the bookkeeper would take one: the database alone, checkpointed by a clean exit.
    for (const suffix of ['-wal', '-shm']) expect(existsSync(`${database}${suffix}`), suffix).toBe(false);
    copyFileSync(database, backup);
    writeFileSync(database, '');

    for (const args of [['status'], ['refresh', "Larry's Bakery"], ['connect', '--env', 'sandbox', '--no-browser']]) {
      const run = await runCli(args, env);
      expect(run.code, args.join(' ')).toBe(6);
      expect(run.stderr).toContain('keys in the system keychain are untouched');
      expect(run.stderr).toContain('move it away to start fresh');
    }
    expect(statSync(database).size).toBe(0);
    expect((await harness.secrets.list()).filter((entry) => !entry.account.startsWith('realmkeeper-probe:')).length).toBeGreaterThan(0);

    copyFileSync(backup, database);
    const status = await runCli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("Larry's Bakery");
    expect((await runCli(['refresh', "Larry's Bakery"], env)).code).toBe(0);
  });

  it.skipIf(process.platform === 'win32')('creates the data folder 0700 and the database 0600', async () => {
    rmSync(harness.home, { recursive: true, force: true });
    await connectThroughCli(harness, env, "Larry's Bakery");
    expect(modeOf(harness.home)).toBe(0o700);
    const database = join(harness.home, 'realmkeeper.db');
    expect(modeOf(database)).toBe(0o600);
    expect((await runCli(['config', 'set', 'keepAliveIntervalHours', '12'], env)).code).toBe(0);
    expect(modeOf(join(harness.home, 'config.json'))).toBe(0o600);
  });
});
